import { DEGRADATION_REASONS, type DegradationReason } from '../contract/DegradationReason.js';
import { LATENCY_BUCKETS } from '../contract/latencyBuckets.js';

/** Breaker states as published by `field_dependency_breaker_state`. */
export const BreakerState = Object.freeze({ closed: 0, halfOpen: 1, open: 2 } as const);

/** A value of {@link BreakerState}. */
export type BreakerStateValue = (typeof BreakerState)[keyof typeof BreakerState];

/** Index of each reason in {@link DependencyStats.degradations}. */
export const REASON_INDEX: Readonly<Record<DegradationReason, number>> = Object.fromEntries(
  DEGRADATION_REASONS.map((reason, index) => [reason, index]),
) as Record<DegradationReason, number>;

/**
 * Plain counters of one dependency, added to on the hot path and read when the registry is scraped.
 * Nothing here allocates per call.
 */
export class DependencyStats {
  /** Calls by outcome (`shed`: left out by the process's brownout). */
  success = 0;
  degraded = 0;
  failed = 0;
  shed = 0;
  /** Degradations (and critical failures) by reason, indexed by {@link REASON_INDEX}. */
  readonly degradations: number[] = DEGRADATION_REASONS.map(() => 0);
  /** Keys of batch calls by outcome. */
  keysOk = 0;
  keysDegraded = 0;
  /** Non-cumulative histogram bucket counts; the last one is `+Inf`. */
  readonly durationBuckets: number[] = [...LATENCY_BUCKETS.map(() => 0), 0];
  durationSum = 0;
  durationCount = 0;
  /** Calls per endpoint id (see `endpointIds`). */
  readonly endpointCalls: number[] = [];
  /** Current breaker state; only published for dependencies that have a breaker. */
  breakerState: BreakerStateValue = BreakerState.closed;
  /** Decider reads that failed open (missing flag, provider error, bad value). */
  deciderErrors = 0;

  /** Records one call's latency, in seconds. */
  observeDuration(seconds: number): void {
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > (LATENCY_BUCKETS[bucket] as number)) bucket++;
    (this.durationBuckets[bucket] as number)++;
    this.durationSum += seconds;
    this.durationCount++;
  }

  /** Counts one call from the endpoint with this id. */
  countEndpoint(endpointId: number): void {
    this.endpointCalls[endpointId] = (this.endpointCalls[endpointId] ?? 0) + 1;
  }

  /** Sets every counter back to zero (tests, `registry.resetMetrics()`). */
  reset(): void {
    this.success = this.degraded = this.failed = this.shed = 0;
    this.degradations.fill(0);
    this.keysOk = this.keysDegraded = 0;
    this.durationBuckets.fill(0);
    this.durationSum = this.durationCount = 0;
    this.endpointCalls.length = 0;
    this.deciderErrors = 0;
  }
}
