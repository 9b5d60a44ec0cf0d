import type { Node, SourceFile } from 'typescript';
import { enclosingStatementOrMember, type TextEdit, type TypeScriptApi } from '../../detection/index.js';

/**
 * The edit that writes the line comment `// <comment>` on its own line above the statement or member holding
 * `anchor`, indented like it, with the file's line ends: where the codemod's TODO markers and review comments go.
 */
export function commentLineAbove(ts: TypeScriptApi, file: SourceFile, anchor: Node, comment: string): TextEdit {
  const holder = enclosingStatementOrMember(ts, anchor);
  const start = holder.getStart(file);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, start))?.[0] ?? '';
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, text: `${indent}// ${comment}${newline}` };
}
