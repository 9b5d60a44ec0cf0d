import type { Node, SourceFile } from 'typescript';
import { enclosingStatementOrMember, type TextEdit, type TypeScriptApi } from '../../detection/index.js';
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
  const holder = enclosingStatementOrMember(ts, anchor);
  const start = holder.getStart(file);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, start))?.[0] ?? '';
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, text: `${indent}// ${TODO_MARKER} ${message}${newline}` };
}
