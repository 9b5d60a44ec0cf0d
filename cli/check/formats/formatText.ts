import type { CheckResult, CheckedSuppression } from '../CheckResult.js';

/**
 * One line per problem, `path:line:col  message  rule`, a summary (with the loaders hidden behind loader
 * factories whose calls cannot be followed), then every suppression with its reason, what it silenced and,
 * where that is more than the findings it lists, how many loader sites it covers.
 */
export function formatText(result: CheckResult): string {
  const lines = result.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}  ${finding.message}  ${finding.rule}`);
  const files = `${result.filesChecked} ${result.filesChecked === 1 ? 'file' : 'files'}`;
  if (lines.length > 0) lines.push('');
  lines.push(
    result.findings.length === 0
      ? `No problems in ${files}.`
      : `${result.findings.length} ${result.findings.length === 1 ? 'problem' : 'problems'} in ${files}.`,
  );
  if (result.hiddenByFactories > 0) {
    const loaders = `${result.hiddenByFactories} ${result.hiddenByFactories === 1 ? 'loader' : 'loaders'}`;
    lines.push(`At least ${loaders} hidden behind loader factories whose calls cannot be followed (see the findings and suppressions at those factories).`);
  }
  if (result.suppressions.length > 0) {
    lines.push('', `Suppressions (${result.suppressions.length}):`, ...result.suppressions.map(suppressionLine));
  }
  return `${lines.join('\n')}\n`;
}

function suppressionLine(suppression: CheckedSuppression): string {
  const silenced =
    suppression.suppresses.length === 0
      ? 'suppresses nothing'
      : `suppresses ${suppression.suppresses.map((finding) => `${finding.file}:${finding.line}:${finding.column}`).join(', ')}`;
  const covers = suppression.loaderSites > suppression.suppresses.length ? `; covers ${suppression.loaderSites} loader sites` : '';
  return `${suppression.file}:${suppression.line}:${suppression.column}  ${suppression.reason}  (${silenced}${covers})`;
}
