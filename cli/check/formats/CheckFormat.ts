import type { CheckResult } from '../CheckResult.js';
import { formatGithub } from './formatGithub.js';
import { formatJson } from './formatJson.js';
import { formatSarif } from './formatSarif.js';
import { formatText } from './formatText.js';

/** Renders a check result for one audience: people, programs, code scanning, workflow annotations. */
export type CheckFormatter = (result: CheckResult) => string;

/** The `--format` values `check` accepts, each with its formatter. */
export const CHECK_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const satisfies Record<string, CheckFormatter>;

/** A `--format` value. */
export type CheckFormat = keyof typeof CHECK_FORMATS;
