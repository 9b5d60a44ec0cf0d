import type { RequestSample } from './RequestSample.js';

/** What a good answer is. */
export interface GoodputCriteria {
  /** The latency objective: an answer later than this is not good. */
  readonly sloMs: number;
  /** Fields a page cannot go without: an answer naming one in `x-degraded-fields` is not good. */
  readonly criticalFields: readonly string[];
}

/** How many of a set of requests were answered well, and why the others were not. */
export interface Goodput {
  readonly requests: number;
  /** Answered 2xx within the SLO with every critical field present. */
  readonly good: number;
  /** `good / requests`, from 0 to 1; `undefined` without requests. */
  readonly share: number | undefined;
  /** Answered 2xx and whole, but later than the SLO. */
  readonly late: number;
  /** Answered something else than 2xx, or not at all (the client gave up, the connection failed). */
  readonly failed: number;
  /** Answered 2xx without a critical field. */
  readonly criticalMissing: number;
}

/** The part of a sample goodput looks at. */
export type GoodputSample = Pick<RequestSample, 'latencyMs' | 'outcome' | 'degraded'>;

/**
 * Goodput: the requests answered 2xx within `sloMs` with no critical field degraded, out of all of
 * `samples` (each counted once: failed first, then critical missing, then late).
 * @throws TypeError when `sloMs` is not a number above 0.
 */
export function goodput(samples: readonly GoodputSample[], criteria: GoodputCriteria): Goodput {
  if (!(criteria.sloMs > 0) || !Number.isFinite(criteria.sloMs)) throw new TypeError(`goodput: sloMs must be a finite number above 0; received ${String(criteria.sloMs)}`);
  let good = 0;
  let late = 0;
  let failed = 0;
  let criticalMissing = 0;
  for (const sample of samples) {
    if (sample.outcome === 'no answer' || sample.outcome < 200 || sample.outcome > 299) failed++;
    else if (sample.degraded.some((field) => criteria.criticalFields.includes(field))) criticalMissing++;
    else if (sample.latencyMs > criteria.sloMs) late++;
    else good++;
  }
  return { requests: samples.length, good, share: samples.length === 0 ? undefined : good / samples.length, late, failed, criticalMissing };
}
