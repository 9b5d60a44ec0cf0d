import path from 'node:path';
import { ConfigResolver, createDetector, type Finding, type SuppressionComment } from '../../detection/index.js';
import type { CheckResult, CheckedFinding, CheckedSuppression } from './CheckResult.js';
import type { LoadedProject } from './loadProject.js';

/**
 * Runs detection on every file of a loaded project and gathers findings and suppressions, with paths
 * relative to `cwd`.
 *
 * @throws ConfigError when a field-dependency configuration that applies to a file is invalid.
 */
export function checkProject(project: LoadedProject, cwd: string): CheckResult {
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const configResolver = new ConfigResolver();
  configResolver.criteriaForDirectory(path.dirname(project.tsconfigPath));
  const detector = createDetector(project.ts, project.program, { configResolver });
  const findings: CheckedFinding[] = [];
  const suppressions = new Map<string, { comment: SuppressionComment; suppresses: CheckedFinding[] }>();
  const suppressionEntry = (comment: SuppressionComment): { comment: SuppressionComment; suppresses: CheckedFinding[] } => {
    const key = `${comment.fileName}:${comment.range.start}`;
    let entry = suppressions.get(key);
    if (entry === undefined) {
      entry = { comment, suppresses: [] };
      suppressions.set(key, entry);
    }
    return entry;
  };
  const checked = (finding: Finding): CheckedFinding => ({
    rule: finding.rule,
    messageId: finding.messageId,
    message: finding.message,
    file: relative(finding.fileName),
    line: finding.start.line,
    column: finding.start.column,
    endLine: finding.end.line,
    endColumn: finding.end.column,
    loaderSites: finding.loaderSites,
    ...(finding.data['factory'] === undefined ? {} : { factory: finding.data['factory'] }),
  });

  for (const file of project.sourceFiles) {
    const analysis = detector.analyze(file);
    findings.push(...analysis.findings.map(checked));
    for (const comment of analysis.suppressions) suppressionEntry(comment);
    for (const { finding, suppression } of analysis.suppressed) suppressionEntry(suppression).suppresses.push(checked(finding));
  }

  const listed: CheckedSuppression[] = [...suppressions.values()]
    .map(({ comment, suppresses }) => ({
      file: relative(comment.fileName),
      line: comment.start.line,
      column: comment.start.column,
      reason: comment.reason ?? '',
      suppresses,
      loaderSites: suppresses.reduce((sum, finding) => sum + finding.loaderSites, 0),
    }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const hiddenByFactories = [...findings, ...listed.flatMap((suppression) => suppression.suppresses)]
    .filter((finding) => finding.factory !== undefined)
    .reduce((sum, finding) => sum + finding.loaderSites, 0);
  return { tsconfig: relative(project.tsconfigPath), filesChecked: project.sourceFiles.length, findings, suppressions: listed, hiddenByFactories };
}
