/** A UTF-16 surrogate without its pair: not encodable as UTF-8, so replaced before encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A field name as it may appear in a response header such as `x-degraded-fields`: percent-encoded as
 * UTF-8, as `encodeURIComponent` does (a name made of letters, digits and `-_.!~*'()` is unchanged;
 * `価格` becomes `%E4%BE%A1%E6%A0%BC`, a comma `%2C`, a line break `%0A`), so that any method name or
 * `name` option gives a valid header and cannot break the comma-separated list. Clients read a name
 * back with `decodeURIComponent`. A lone surrogate becomes U+FFFD first.
 */
export function headerSafeFieldName(field: string): string {
  return encodeURIComponent(field.replace(LONE_SURROGATE, '\uFFFD'));
}
