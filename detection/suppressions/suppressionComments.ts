import type { SourceFile } from 'typescript';
import type { SuppressionComment } from '../types/SuppressionComment.js';

/** The escape hatch's marker: `// field-dependency-ignore: <reason>` on the line before a loader. */
const SUPPRESSION_MARKER = 'field-dependency-ignore';

const COMMENT_LINE = /^([ \t]*)(\/\/|\/\*)[ \t]*field-dependency-ignore(?![\w-])(.*?)[ \t]*(\*\/)?[ \t]*$/;

/** The `field-dependency-ignore` comments of a file, each alone on its line, in order. */
export function suppressionCommentsOf(file: SourceFile): readonly SuppressionComment[] {
  const text = file.text;
  if (!text.includes(SUPPRESSION_MARKER)) return [];
  const comments: SuppressionComment[] = [];
  let lineStart = 0;
  let lineIndex = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const match = line.includes(SUPPRESSION_MARKER) ? COMMENT_LINE.exec(line) : null;
    if (match !== null) {
      const [, indent = '', opener, rest = '', closer] = match;
      if (opener === '//' || closer !== undefined) {
        const reason = /^:[ \t]*(\S.*)$/.exec(rest)?.[1]?.trim();
        const startColumn = indent.length;
        const endColumn = line.trimEnd().length;
        comments.push({
          fileName: file.fileName,
          range: { start: lineStart + startColumn, end: lineStart + endColumn },
          start: { line: lineIndex + 1, column: startColumn + 1 },
          end: { line: lineIndex + 1, column: endColumn + 1 },
          reason: reason === undefined || reason === '' ? undefined : reason,
        });
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    lineIndex += 1;
  }
  return comments;
}
