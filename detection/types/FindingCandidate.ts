import type { Node, SourceFile } from 'typescript';
import type { LoaderTarget } from './LoaderTarget.js';
import type { Finding, Position, Suggestion, TextEdit } from './Finding.js';
import { formatMessage, type MessageId, type RuleName } from './messages.js';

/** A node whose start line, and the line of the statement or member holding it, a suppression may sit above. */
export interface Anchor {
  readonly file: SourceFile;
  readonly node: Node;
}

/** A finding before suppression comments are applied: what {@link toFinding} turns into a {@link Finding}. */
export interface FindingCandidate {
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  readonly range: { readonly start: number; readonly end: number };
  /** Where a `field-dependency-ignore` comment silences it; empty when nothing may silence it. */
  readonly anchors: readonly Anchor[];
  readonly suggestionEdits: readonly TextEdit[] | undefined;
  readonly target: LoaderTarget | undefined;
  /** How many loader sites it stands for (see {@link Finding.loaderSites}); 1 when omitted. */
  readonly loaderSites?: number;
}

/** The finding a candidate of `file` becomes: its message filled in, its offsets turned into lines and columns. */
export function toFinding(file: SourceFile, candidate: FindingCandidate): Finding {
  const suggestion: Suggestion | undefined =
    candidate.suggestionEdits === undefined ? undefined : { messageId: 'wrapWithFieldDependency', edits: candidate.suggestionEdits };
  return {
    rule: candidate.rule,
    messageId: candidate.messageId,
    data: candidate.data,
    message: formatMessage(candidate.messageId, candidate.data),
    fileName: file.fileName,
    range: candidate.range,
    start: positionOf(file, candidate.range.start),
    end: positionOf(file, candidate.range.end),
    suggestion,
    target: candidate.target,
    loaderSites: candidate.rule === 'require-field-dependency' ? (candidate.loaderSites ?? 1) : 0,
  };
}

function positionOf(file: SourceFile, offset: number): Position {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}
