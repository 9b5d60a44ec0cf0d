import type { RequestRecord } from '../scope/degradationScope.js';

/** The response header naming the fields a response left out. */
export const DEGRADED_FIELDS_HEADER = 'x-degraded-fields';

/** Options shared by the framework helpers. */
export interface FrameworkHelperOptions {
  /**
   * The response header listing degraded fields (comma-separated), or `false` for none.
   * @default 'x-degraded-fields'
   */
  readonly header?: string | false | undefined;
}

/** The header value for a request: its degraded fields, once each, or `undefined` when nothing degraded. */
export function degradedFieldsValue(record: RequestRecord): string | undefined {
  if (record.degradations.length === 0) return undefined;
  return [...new Set(record.degradations.map((degradation) => degradation.field))].join(', ');
}

/** The header name from the helpers' options, validated. */
export function headerName(options: FrameworkHelperOptions | undefined): string | false {
  const header = options?.header ?? DEGRADED_FIELDS_HEADER;
  if (header !== false && (typeof header !== 'string' || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(header))) {
    throw new TypeError(`field-dependency: option \`header\` must be a valid header name or false; received ${String(header)}`);
  }
  return header;
}
