import { describe } from '../fallback/emptyValues.js';
import { describeSafely } from '../guard/describeSafely.js';
import { isRequestPriority, priorityError } from '../brownout/requestPriority.js';
import { requestEnded } from '../brownout/requestLatencies.js';
import type { RequestPriority } from '../contract/brownoutClasses.js';
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
  /**
   * How important the request is to its user: `'high'` (user-initiated), `'normal'`, or `'low'` (prefetch,
   * background refresh). Under brownout (docs/brownout.md) a low-priority request loses its optional
   * fields first, a high-priority one last.
   * @default 'normal'
   */
  readonly priority?: RequestPriority | undefined;
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
  const priority = options.priority;
  if (priority !== undefined && !isRequestPriority(priority)) throw priorityError('degradationScope', priority);
  const record = new RequestRecord(endpoint, targetingKey, 'route', priority);
  if (record.startedAt < 0) return runInRequest(record, fn);
  // Brownout is on: the request's latency, until its result settles, is one of the controller's signals.
  let result: T;
  try {
    result = runInRequest(record, fn);
  } catch (error) {
    requestEnded(record);
    throw error;
  }
  whenSettled(result, () => requestEnded(record));
  return result;
}

/** Calls `done` when `result` settles (at once unless it is a promise), without changing or observing its outcome. */
function whenSettled(result: unknown, done: () => void): void {
  let then: unknown;
  try {
    then = (result as { then?: unknown } | null | undefined)?.then;
  } catch {
    // A result whose `then` throws when read is the caller's to handle; it ends the request now.
  }
  if (typeof then === 'function') (result as PromiseLike<unknown>).then(done, done);
  else done();
}

/** What degraded so far in the current {@link degradationScope}, one entry per field, owner and reason; empty outside a scope. */
export function currentDegradations(): readonly Degradation[] {
  const record = currentContext()?.request;
  return record === undefined ? [] : [...record.degradations];
}
