import type { CanaryJudgement } from './CanaryJudgement.js';

/** The judgement as one JSON object ({@link CanaryJudgement}, schema version 1), indented, with a final newline. */
export function formatCanaryJson(judgement: CanaryJudgement): string {
  return `${JSON.stringify(judgement, null, 2)}\n`;
}
