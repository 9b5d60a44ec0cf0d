import type { CheckReport } from '../check/CheckReport.js';
import { formatGithub } from './formatGithub.js';
import { formatJson } from './formatJson.js';
import { formatSarif } from './formatSarif.js';
import { formatText } from './formatText.js';

/** Renders a check report for one audience: people, programs, code scanning, workflow annotations. */
export type ReportFormatter = (report: CheckReport) => string;

/** The `--format` values `check` accepts, each with its formatter. */
export const REPORT_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const satisfies Record<string, ReportFormatter>;

/** A `--format` value. */
export type ReportFormat = keyof typeof REPORT_FORMATS;

/** Whether `value` is a known `--format`. */
export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}
