import type { DegradationReason } from '../contract/DegradationReason.js';
import { ADAPTIVE_CONCURRENCY_DEFAULTS, type ConcurrencyLimit } from '../options/FieldDependencyOptions.js';
import { ADAPTIVE_WINDOW_DEFAULTS, AdaptiveLimit } from './AdaptiveLimit.js';

/**
 * The concurrency limit of one dependency: how many of its calls (batches) are in flight through the
 * wrapper, and how many may be. A call takes a slot before the breaker is consulted and gives it back
 * exactly once, when its answer is ready (`src/guard/limitConcurrency.ts`); a call that finds every slot
 * taken is shed at once, without waiting. The limit is fixed, or adapted by an {@link AdaptiveLimit} from
 * the latencies of the calls that reached the loader. Plain arithmetic: nothing allocated per call.
 */
export class ConcurrencyLimiter {
  /** Calls holding a slot now. */
  inFlight = 0;
  /** The most calls that may hold a slot at once. */
  limit: number;
  /** The algorithm that adapts {@link limit}; `undefined` for a fixed limit. */
  readonly adaptive: AdaptiveLimit | undefined;

  /** The limiter of a validated `concurrencyLimit` option. */
  constructor(option: ConcurrencyLimit) {
    if (typeof option === 'number') {
      this.adaptive = undefined;
      this.limit = option;
      return;
    }
    const max = option.max ?? ADAPTIVE_CONCURRENCY_DEFAULTS.max;
    this.adaptive = new AdaptiveLimit({
      ...ADAPTIVE_WINDOW_DEFAULTS,
      initial: option.initial ?? max,
      min: option.min ?? ADAPTIVE_CONCURRENCY_DEFAULTS.min,
      max,
      tolerance: option.tolerance ?? ADAPTIVE_CONCURRENCY_DEFAULTS.tolerance,
    });
    this.limit = this.adaptive.limit;
  }

  /** Sets an adaptive limit back to its `initial` value, its samples forgotten; the calls in flight stay counted. */
  resetLimit(): void {
    if (this.adaptive === undefined) return;
    this.adaptive.reset();
    this.limit = this.adaptive.limit;
  }

  /** Takes a slot, or answers `false` when every slot is taken (the call is then shed). */
  tryAcquire(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  /**
   * Gives a slot back. `reason` is how the call ended (`undefined`: it delivered its value): a call the
   * breaker refused (`breaker_open`) never reached the loader and teaches the adaptive limit nothing; a
   * timeout or an error is a drop. `startedAt` is the call's `performance.now()`; the clock is read only
   * for an adaptive limit.
   */
  release(reason: DegradationReason | undefined, startedAt: number): void {
    const adaptive = this.adaptive;
    if (adaptive !== undefined && reason !== 'breaker_open') {
      const now = performance.now();
      this.limit = adaptive.onSample(now, now - startedAt, this.inFlight, reason === 'timeout' || reason === 'error');
    }
    this.inFlight--;
  }
}
