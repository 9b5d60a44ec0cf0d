import type { CheckReport, ReportedSuppression } from '../check/CheckReport.js';

/**
 * One line per problem, `path:line:col  message  rule`, a summary, then every suppression with its reason
 * and what it silenced.
 */
export function formatText(report: CheckReport): string {
  const lines = report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}  ${finding.message}  ${finding.rule}`);
  const files = `${report.filesChecked} ${report.filesChecked === 1 ? 'file' : 'files'}`;
  if (lines.length > 0) lines.push('');
  lines.push(
    report.findings.length === 0
      ? `No problems in ${files}.`
      : `${report.findings.length} ${report.findings.length === 1 ? 'problem' : 'problems'} in ${files}.`,
  );
  if (report.suppressions.length > 0) {
    lines.push('', `Suppressions (${report.suppressions.length}):`, ...report.suppressions.map(suppressionLine));
  }
  return `${lines.join('\n')}\n`;
}

function suppressionLine(suppression: ReportedSuppression): string {
  const silenced =
    suppression.suppresses.length === 0
      ? 'suppresses nothing'
      : `suppresses ${suppression.suppresses.map((finding) => `${finding.file}:${finding.line}:${finding.column}`).join(', ')}`;
  return `${suppression.file}:${suppression.line}:${suppression.column}  ${suppression.reason}  (${silenced})`;
}
