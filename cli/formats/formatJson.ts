import type { CheckReport } from '../check/CheckReport.js';

/** The report as JSON (`tsconfig`, `filesChecked`, `findings`, `suppressions`), for scripts. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
