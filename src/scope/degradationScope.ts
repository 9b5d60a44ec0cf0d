import type { DegradationReason } from '../errors/DegradationReason.js';
import { describe } from '../fallback/emptyValues.js';
import { endpointId } from '../metrics/endpointIds.js';
import { currentContext, runInRequest } from './callContext.js';

/** One degradation seen in the current request. */
export interface Degradation {
  readonly field: string;
  readonly owner: string;
  readonly reason: DegradationReason;
}

/** Options of {@link degradationScope}. */
export interface DegradationScopeOptions {
  /**
   * The route template (`/v3/pins/:id`), never the raw URL: it becomes a metric label. A function is
   * for frameworks that match the route after the scope opens: it is called at dependency calls until it
   * returns a template, which is then kept; calls made before that (in a middleware that runs before
   * routing) count as {@link UNMATCHED_ENDPOINT}.
   */
  readonly endpoint: string | (() => string | undefined);
}

/** The endpoint label used when a lazy endpoint resolves to nothing (no route matched). */
export const UNMATCHED_ENDPOINT = '__unmatched__';

/** What the runtime keeps per request. */
export class RequestRecord {
  /** Field, owner and reason of each degradation, once each. */
  readonly degradations: Degradation[] = [];
  private endpointValue: string | (() => string | undefined);
  private id = -1;

  constructor(endpoint: string | (() => string | undefined)) {
    this.endpointValue = endpoint;
  }

  /**
   * The route template, resolved on first use; {@link UNMATCHED_ENDPOINT} while a lazy endpoint has not
   * matched a route yet (asked again next time, so a call before routing does not pin the whole request).
   */
  get endpoint(): string {
    const value = this.endpointValue;
    if (typeof value === 'string') return value;
    const resolved = value();
    if (!resolved) return UNMATCHED_ENDPOINT;
    this.endpointValue = resolved;
    return resolved;
  }

  /** The endpoint's small integer id for counting (see `endpointId`). */
  get endpointId(): number {
    if (this.id >= 0) return this.id;
    const id = endpointId(this.endpoint);
    if (typeof this.endpointValue === 'string') this.id = id;
    return id;
  }
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
  return runInRequest(new RequestRecord(endpoint), fn);
}

/** What degraded so far in the current {@link degradationScope}, one entry per field, owner and reason; empty outside a scope. */
export function currentDegradations(): readonly Degradation[] {
  const record = currentContext()?.request;
  return record === undefined ? [] : [...record.degradations];
}

/** The current request's record, if any (internal: the hot path reads it once per call). */
export function currentRequest(): RequestRecord | undefined {
  return currentContext()?.request;
}

/** Adds a degradation to the request's record, once per field, owner and reason. */
export function noteDegradation(record: RequestRecord, field: string, owner: string, reason: DegradationReason): void {
  const seen = record.degradations.some((entry) => entry.field === field && entry.owner === owner && entry.reason === reason);
  if (!seen) record.degradations.push({ field, owner, reason });
}
