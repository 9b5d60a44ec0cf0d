/**
 * The most bytes the `x-degraded-fields` header's value takes. Past it, the names that do not fit are
 * left out and counted in a last entry, `+N more` (see `degradedFieldsHeaderValue`); the response body's
 * `extensions.degradedFields` (GraphQL) and `currentDegradations()` still list every field.
 *
 * 2 KiB keeps the header far below what clients and proxies accept for a whole response head (Node's
 * HTTP client and undici: 16 KiB; nginx's default `proxy_buffer_size`: 4 KiB) and fits any one valid
 * field name, percent-encoded (200 characters, up to 1,800 bytes).
 */
export const MAX_DEGRADED_FIELDS_HEADER_BYTES = 2048;
