import type { SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { LoaderCriteria } from '../config/LoaderCriteria.js';
import { scanFile } from '../scanFile.js';
import { wrapperReference, type WrapperReference } from '../suggestions/wrapperReference.js';
import type { SuppressionComment } from '../types/SuppressionComment.js';
import { fieldDependencyArgumentProblems } from '../wrapped/fieldDependencyArgumentProblems.js';
import { batchFunctionCandidates } from './batchFunctionCandidates.js';
import { configuredLoaderCandidates } from './configuredLoaderCandidates.js';
import type { FindingCandidate } from '../types/FindingCandidate.js';

/**
 * Every candidate finding of `file`, in source order, one per rule, message and position: unwrapped DataLoader
 * batch functions, unwrapped configured loaders (when `criteria` configures any), invalid `fieldDependency`
 * arguments, and `comments` without a reason.
 */
export function collectCandidates(
  context: AnalysisContext,
  file: SourceFile,
  criteria: LoaderCriteria,
  comments: readonly SuppressionComment[],
): readonly FindingCandidate[] {
  const configured = criteria.namePatterns.length > 0 || criteria.files.length > 0 || criteria.classes.size > 0;
  const scan = scanFile(context, file, configured);
  let wrapper: WrapperReference | undefined;
  const wrapperOf = (): WrapperReference => (wrapper ??= wrapperReference(context, file));
  const candidates = new Map<string, FindingCandidate>();
  const add = (candidate: FindingCandidate): void => {
    const key = `${candidate.rule}:${candidate.messageId}:${candidate.range.start}`;
    if (!candidates.has(key)) candidates.set(key, candidate);
  };
  for (const candidate of batchFunctionCandidates(context, file, scan.constructions, wrapperOf)) add(candidate);
  for (const candidate of configuredLoaderCandidates(context, file, criteria, scan.namedFunctions, scan.wrappedDeclarations, wrapperOf)) add(candidate);
  for (const call of scan.fieldDependencyCalls) {
    for (const problem of fieldDependencyArgumentProblems(context, call)) {
      add({
        rule: 'valid-field-dependency',
        messageId: problem.messageId,
        data: problem.data,
        range: { start: problem.node.getStart(file), end: problem.node.end },
        anchors: [],
        suggestionEdits: undefined,
        target: undefined,
      });
    }
  }
  for (const comment of comments) {
    if (comment.reason !== undefined) continue;
    add({
      rule: 'valid-field-dependency',
      messageId: 'missingSuppressionReason',
      data: {},
      range: comment.range,
      anchors: [],
      suggestionEdits: undefined,
      target: undefined,
    });
  }
  return [...candidates.values()].sort((a, b) => a.range.start - b.range.start);
}
