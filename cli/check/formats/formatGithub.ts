import type { CheckResult } from '../CheckResult.js';

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…::message` per problem, which GitHub shows
 * as annotations on the pull request, and a `::notice` per suppression.
 */
export function formatGithub(result: CheckResult): string {
  const lines = result.findings.map(
    (finding) =>
      `::error file=${property(finding.file)},line=${finding.line},col=${finding.column},endLine=${finding.endLine},endColumn=${finding.endColumn},title=${property(finding.rule)}::${data(finding.message)}`,
  );
  for (const suppression of result.suppressions) {
    lines.push(
      `::notice file=${property(suppression.file)},line=${suppression.line},col=${suppression.column},title=field-dependency-ignore::${data(suppression.reason)}`,
    );
  }
  lines.push(`${result.findings.length} field-dependency ${result.findings.length === 1 ? 'problem' : 'problems'} in ${result.filesChecked} files.`);
  return `${lines.join('\n')}\n`;
}

/** Escapes a workflow command's message, as @actions/core does. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value, as @actions/core does. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
