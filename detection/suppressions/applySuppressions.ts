import type { SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { enclosingStatementOrMember } from '../enclosingStatementOrMember.js';
import type { FileAnalysis, SuppressedFinding } from '../findings/FileAnalysis.js';
import type { Finding } from '../findings/Finding.js';
import { toFinding, type Anchor, type FindingCandidate } from '../findings/FindingCandidate.js';
import type { SuppressionComment } from './suppressionComments.js';

/**
 * Splits the candidates of `file` into findings and suppressed findings: a `require-field-dependency` candidate
 * is suppressed by a comment with a reason on the line above one of its anchors, or above the statement or
 * member holding it (the anchor may be in the file that declares the loader). Other rules are never suppressed.
 */
export function applySuppressions(
  context: AnalysisContext,
  file: SourceFile,
  candidates: readonly FindingCandidate[],
  commentsOf: (file: SourceFile) => readonly SuppressionComment[],
): FileAnalysis {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const candidate of candidates) {
    const finding = toFinding(file, candidate);
    const suppression = candidate.rule === 'require-field-dependency' ? suppressionFor(context, candidate.anchors, commentsOf) : undefined;
    if (suppression === undefined) findings.push(finding);
    else suppressed.push({ finding, suppression });
  }
  return { fileName: file.fileName, findings, suppressed, suppressions: commentsOf(file).filter((comment) => comment.reason !== undefined) };
}

function suppressionFor(
  context: AnalysisContext,
  anchors: readonly Anchor[],
  commentsOf: (file: SourceFile) => readonly SuppressionComment[],
): SuppressionComment | undefined {
  for (const { file, node } of anchors) {
    const comments = commentsOf(file).filter((comment) => comment.reason !== undefined);
    if (comments.length === 0) continue;
    const lines = new Set([lineOf(file, node.getStart(file)), lineOf(file, enclosingStatementOrMember(context.ts, node).getStart(file))]);
    const match = comments.find((comment) => lines.has(comment.start.line + 1));
    if (match !== undefined) return match;
  }
  return undefined;
}

function lineOf(file: SourceFile, offset: number): number {
  return file.getLineAndCharacterOfPosition(offset).line + 1;
}
