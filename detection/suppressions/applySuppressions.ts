import type { SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { enclosingStatementOrMember } from '../enclosingStatementOrMember.js';
import type { FileAnalysis, SuppressedFinding } from '../types/FileAnalysis.js';
import type { Finding } from '../types/Finding.js';
import { toFinding, type Anchor, type FindingCandidate } from '../types/FindingCandidate.js';
import type { SuppressionComment } from '../types/SuppressionComment.js';

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
  const byLine = new Map<SourceFile, ReadonlyMap<number, SuppressionComment>>();
  const reasonedCommentsByLine = (anchorFile: SourceFile): ReadonlyMap<number, SuppressionComment> => {
    let lines = byLine.get(anchorFile);
    if (lines === undefined) {
      lines = commentsByLine(commentsOf(anchorFile));
      byLine.set(anchorFile, lines);
    }
    return lines;
  };
  for (const candidate of candidates) {
    const finding = toFinding(file, candidate);
    const suppression = candidate.rule === 'require-field-dependency' ? suppressionFor(context, candidate.anchors, reasonedCommentsByLine) : undefined;
    if (suppression === undefined) findings.push(finding);
    else suppressed.push({ finding, suppression });
  }
  return { fileName: file.fileName, findings, suppressed, suppressions: commentsOf(file).filter((comment) => comment.reason !== undefined) };
}

/** The comments that carry a reason, by the line they silence (the line after the comment's own). */
function commentsByLine(comments: readonly SuppressionComment[]): ReadonlyMap<number, SuppressionComment> {
  const lines = new Map<number, SuppressionComment>();
  for (const comment of comments) {
    if (comment.reason !== undefined && !lines.has(comment.start.line + 1)) lines.set(comment.start.line + 1, comment);
  }
  return lines;
}

function suppressionFor(
  context: AnalysisContext,
  anchors: readonly Anchor[],
  reasonedCommentsByLine: (file: SourceFile) => ReadonlyMap<number, SuppressionComment>,
): SuppressionComment | undefined {
  for (const { file, node } of anchors) {
    const comments = reasonedCommentsByLine(file);
    if (comments.size === 0) continue;
    // The statement or member starts no later than the anchor: its comment is the first in the file, as before.
    const match = comments.get(lineOf(file, enclosingStatementOrMember(context.ts, node).getStart(file))) ?? comments.get(lineOf(file, node.getStart(file)));
    if (match !== undefined) return match;
  }
  return undefined;
}

function lineOf(file: SourceFile, offset: number): number {
  return file.getLineAndCharacterOfPosition(offset).line + 1;
}
