import type { Node, SourceFile } from 'typescript';
import type { SuppressionComment, TextEdit, TypeScriptApi } from '../../detection/index.js';
import { commentLineAbove } from './commentLineAbove.js';

/** What marks a loader the codemod could not wrap; it opens the reason of a `field-dependency-ignore` comment. */
export const TODO_MARKER = 'TODO(field-dependency)';

/** Whether a suppression comment's reason is a TODO marker the codemod wrote. */
export function isTodoMarker(reason: string | undefined): boolean {
  return reason?.startsWith(TODO_MARKER) ?? false;
}

/**
 * The edit that writes `// field-dependency-ignore: TODO(field-dependency) <message>` on its own line above the
 * statement or member holding `anchor`, indented like it: a suppression `check` lists with its reason, so the
 * loader stays unwrapped, the project compiles and passes `check`, and the marker is reported until someone
 * resolves it.
 */
export function todoMarkerEdit(ts: TypeScriptApi, file: SourceFile, anchor: Node, message: string): TextEdit {
  return commentLineAbove(ts, file, anchor, `field-dependency-ignore: ${TODO_MARKER} ${message.replace(/\s+/g, ' ').trim()}`);
}

/** The edit that removes a TODO marker's whole line, once its loader is wrapped. */
export function todoMarkerRemoval(file: SourceFile, marker: SuppressionComment): TextEdit {
  const lineStart = file.text.lastIndexOf('\n', marker.range.start - 1) + 1;
  const newline = file.text.indexOf('\n', marker.range.end);
  return { start: lineStart, end: newline === -1 ? file.text.length : newline + 1, text: '' };
}
