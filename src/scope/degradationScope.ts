import { describe } from '../fallback/emptyValues.js';
import { describeSafely } from '../guard/describeSafely.js';
import { currentContext, runInRequest } from './callContext.js';
import { RequestRecord, type Degradation } from './RequestRecord.js';

export { RequestRecord, type Degradation } from './RequestRecord.js';

/** Options of {@link degradationScope}. */
export interface DegradationScopeOptions {
  /**
   * The route template (`/v3/pins/:id`), never the raw URL: it becomes a metric label. A function is
   * for frameworks that match the route after the scope opens: it is called at dependency calls until it
   * returns a template, which is then kept; calls made before that (in a middleware that runs before
   * routing) count as `UNMATCHED_ENDPOINT`.
   */
  readonly endpoint: string | (() => string | undefined);
  /**
   * The user or session this request is for: deciders below 100 give the same key the same answer
   * (hashed once per request), instead of drawing each call at random. Never becomes a metric label.
   * @default none: calls are gated at random
   */
  readonly targetingKey?: string | undefined;
}

/**
 * Runs `fn` with a fresh per-request record of what degraded, and attributes every dependency call
 * inside it to `endpoint` (`field_dependency_endpoint_calls_total`).
 */
export function degradationScope<T>(fn: () => T, options: DegradationScopeOptions): T {
  if (typeof fn !== 'function') throw new TypeError(`degradationScope: \`fn\` must be a function; received ${describe(fn)}`);
  const endpoint = options?.endpoint;
  if (typeof endpoint !== 'function' && (typeof endpoint !== 'string' || endpoint === '')) {
    throw new TypeError(
      `degradationScope: option \`endpoint\` must be a route template such as '/v3/pins/:id', or a function returning one; received ${describe(endpoint)}`,
    );
  }
  const targetingKey = options.targetingKey;
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    throw new TypeError(`degradationScope: option \`targetingKey\` must be a string (a user or session id) or undefined; received ${describeSafely(targetingKey)}`);
  }
  return runInRequest(new RequestRecord(endpoint, targetingKey), fn);
}

/** What degraded so far in the current {@link degradationScope}, one entry per field, owner and reason; empty outside a scope. */
export function currentDegradations(): readonly Degradation[] {
  const record = currentContext()?.request;
  return record === undefined ? [] : [...record.degradations];
}
