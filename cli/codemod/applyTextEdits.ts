import type { TextEdit } from '../../detection/index.js';

/** A text with edits applied, and where things moved. */
export interface EditedText {
  readonly text: string;
  /** Where an offset of the original text is in the edited one (an insertion at the offset goes before it). */
  readonly mapOffset: (offset: number) => number;
}

/**
 * Applies non-overlapping edits to `text`, leaving every character outside them as it was. Edits at the same
 * offset are applied in the order given.
 *
 * @throws Error when two edits overlap: a bug in whoever planned them (each loader's edits touch only its
 *   own declaration or call sites, and the import lines).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): EditedText {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let output = '';
  let cursor = 0;
  const shifts: { readonly at: number; readonly delta: number }[] = [];
  for (const { edit } of sorted) {
    if (edit.start < cursor || edit.end < edit.start) throw new Error(`overlapping edits at offset ${edit.start}`);
    output += text.slice(cursor, edit.start) + edit.text;
    shifts.push({ at: edit.end, delta: edit.text.length - (edit.end - edit.start) });
    cursor = edit.end;
  }
  output += text.slice(cursor);
  return {
    text: output,
    mapOffset: (offset) => offset + shifts.reduce((sum, shift) => (shift.at <= offset ? sum + shift.delta : sum), 0),
  };
}
