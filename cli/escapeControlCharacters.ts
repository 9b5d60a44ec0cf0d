/** Besides C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F): the line and paragraph separators, and the bidirectional marks, overrides and isolates. */
const FORMAT_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

const LINE_FEED = 0x0a;

/**
 * `text` safe to print on a terminal: each character a terminal acts on rather than shows (ESC, BEL, CR,
 * backspace and the other C0 controls, DEL, the C1 controls such as CSI U+009B, the line separators, the
 * bidirectional overrides that reorder what is shown) written as a visible escape, `\u001b` for ESC. A label
 * value from a scraped service or a Prometheus answer then cannot clear the screen, set the clipboard (OSC 52),
 * or fake an output line with a carriage return. `keepLineFeeds` keeps `\n`, for text whose line breaks are its
 * own (a multi-line message). JSON output needs none of this: JSON escapes control characters itself.
 */
export function escapeControlCharacters(text: string, keepLineFeeds = false): string {
  let escaped = '';
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const control = code <= 0x1f ? !(keepLineFeeds && code === LINE_FEED) : (code >= 0x7f && code <= 0x9f) || FORMAT_CONTROLS.has(code);
    if (!control) continue;
    escaped += `${text.slice(start, index)}\\u${code.toString(16).padStart(4, '0')}`;
    start = index + 1;
  }
  return start === 0 ? text : escaped + text.slice(start);
}
