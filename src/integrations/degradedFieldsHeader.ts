import { describe } from '../fallback/emptyValues.js';
import type { RequestRecord } from '../scope/degradationScope.js';
import { headerSafeFieldName } from './headerSafeFieldName.js';

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

/**
 * The header value for a request: its degraded fields, once each, comma-separated, each made header-safe
 * by {@link headerSafeFieldName}; `undefined` when nothing degraded.
 */
export function degradedFieldsValue(record: RequestRecord): string | undefined {
  if (record.degradations.length === 0) return undefined;
  return [...new Set(record.degradations.map((degradation) => degradation.field))].map(headerSafeFieldName).join(', ');
}

/** The header name from the helpers' options, validated: a `TypeError` names the option, the expected and the received value. */
export function headerName(options: FrameworkHelperOptions | undefined): string | false {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`field-dependency: the options must be an object such as { header: 'x-degraded-fields' }; received ${describe(options)}`);
  }
  const header = options?.header === undefined ? DEGRADED_FIELDS_HEADER : options.header;
  if (header !== false && (typeof header !== 'string' || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(header))) {
    throw new TypeError(`field-dependency: option \`header\` must be a valid header name or false; received ${describe(header)}`);
  }
  return header;
}
