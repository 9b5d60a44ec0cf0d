import type { CheckResult } from '../CheckResult.js';

/** The result as JSON (`tsconfig`, `filesChecked`, `findings`, `suppressions`), for scripts. */
export function formatJson(result: CheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
