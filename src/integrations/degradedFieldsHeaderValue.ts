import { headerSafeFieldName } from './headerSafeFieldName.js';
import { MAX_DEGRADED_FIELDS_HEADER_BYTES } from './maxDegradedFieldsHeaderBytes.js';

/**
 * The `x-degraded-fields` value for degraded field names (once each, in the order they degraded):
 * each name made header-safe by {@link headerSafeFieldName} (percent-encoded, so ASCII: one byte a
 * character), joined with `, `, at most {@link MAX_DEGRADED_FIELDS_HEADER_BYTES} bytes. When the names do
 * not all fit, the first ones that do are kept and a last entry `+N more` counts the rest, e.g.
 * `shopping, comments, +298 more`. A name never starts with `+` (it would be `%2B`), so that entry
 * cannot be mistaken for one. `undefined` when there is no name.
 */
export function degradedFieldsHeaderValue(fields: Iterable<string>): string | undefined {
  const names = [...fields].map(headerSafeFieldName);
  if (names.length === 0) return undefined;
  const all = names.join(', ');
  if (all.length <= MAX_DEGRADED_FIELDS_HEADER_BYTES) return all;
  // Room for the widest count entry this list can need, then as many names as fit before it.
  const room = MAX_DEGRADED_FIELDS_HEADER_BYTES - `, +${names.length} more`.length;
  let value = '';
  let kept = 0;
  for (const name of names) {
    const next = kept === 0 ? name : `${value}, ${name}`;
    if (next.length > room) break;
    value = next;
    kept++;
  }
  const more = `+${names.length - kept} more`;
  return kept === 0 ? more : `${value}, ${more}`;
}
