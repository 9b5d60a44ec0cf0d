import type { Node, SourceFile } from 'typescript';
import type { TextEdit, TypeScriptApi } from '../../detection/index.js';
import { commentLineAbove } from './commentLineAbove.js';
import { TODO_MARKER } from './todoMarker.js';
import type { SensitiveLoader } from './sensitiveLoader.js';

/** Why a sensitive loader was wrapped `critical: true`, as the codemod's summary and the source comment say it. */
export function reviewMessage(sensitive: SensitiveLoader): string {
  return sensitive.kind === 'writes'
    ? `review: it writes (${sensitive.evidence}), and a fallback would hide a failed write; wrapped critical: true, so its failures still propagate`
    : `review: it decides ${sensitive.kind} (${sensitive.evidence}), and an empty value would grant or deny by default; wrapped critical: true, so its failures still propagate`;
}

/**
 * The edit that writes `// TODO(field-dependency) review: …` on its own line above the statement or member
 * holding `anchor`, indented like it: a plain comment (not a suppression), left for the person who reviews the
 * change to resolve.
 */
export function reviewCommentEdit(ts: TypeScriptApi, file: SourceFile, anchor: Node, message: string): TextEdit {
  return commentLineAbove(ts, file, anchor, `${TODO_MARKER} ${message}`);
}
