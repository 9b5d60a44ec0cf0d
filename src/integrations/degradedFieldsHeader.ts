import { describe } from '../fallback/emptyValues.js';
import type { RequestRecord } from '../scope/degradationScope.js';
import { degradedFieldsHeaderValue } from './degradedFieldsHeaderValue.js';
import type { RequestPriority } from '../contract/brownoutClasses.js';

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

/** The framework helpers' options: {@link FrameworkHelperOptions}, and how to find a request's targeting key. */
export interface FrameworkScopeOptions<Request> extends FrameworkHelperOptions {
  /**
   * The request's targeting key (a user or session id, say from a header or a cookie) for deciders below
   * 100, which then give the same key the same answer; `undefined` for a request without one (its calls
   * are gated at random). Called once per request. Never becomes a metric label.
   * @default none: calls are gated at random
   */
  targetingKey?(request: Request): string | undefined;
  /**
   * How important the request is (`'high'`: user-initiated, `'low'`: prefetch or background): under brownout
   * (docs/brownout.md) a low-priority request loses its optional fields first. Called once per request; an
   * answer that is not `'high'`, `'normal'`, `'low'` or `undefined` (or a throw) counts as `'normal'`, with
   * a process warning naming it (once).
   * @example { priority: (request) => (request.headers['x-purpose'] === 'prefetch' ? 'low' : 'high') }
   * @default every request is `'normal'`
   */
  priority?(request: Request): RequestPriority | undefined;
}

/**
 * The `targetingKey` option, validated (a `TypeError` names it), as a function that never throws: a key
 * function that throws or returns a non-string gives the request no key, rather than failing it.
 */
export function targetingKeyOf<Request>(options: FrameworkScopeOptions<Request> | undefined): (request: Request) => string | undefined {
  const read = options?.targetingKey;
  if (read === undefined) return () => undefined;
  if (typeof read !== 'function') {
    throw new TypeError(`field-dependency: option \`targetingKey\` must be a function (request) => string | undefined; received ${describe(read)}`);
  }
  return (request) => {
    try {
      const key: unknown = read.call(options, request);
      return typeof key === 'string' ? key : undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * The header value for a request: its degraded fields, once each, comma-separated, each made header-safe,
 * capped in size (see `degradedFieldsHeaderValue`); `undefined` when nothing degraded.
 */
export function degradedFieldsValue(record: RequestRecord): string | undefined {
  if (record.degradations.length === 0) return undefined;
  return degradedFieldsHeaderValue(new Set(record.degradations.map((degradation) => degradation.field)));
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
