import CircuitBreaker from 'opossum';
import { BreakerState, type DependencyStats } from '../counters/DependencyStats.js';
import { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from '../options/FieldDependencyOptions.js';

/** One call as the breaker sees it: opossum's action runs `attempt`, its fallback calls `onFailure`. */
export interface BreakerAttempt {
  /**
   * Calls the loader; resolves with the delivered value, rejects when the breaker should count a failure. It
   * answers the attempt itself (a thenable) while the loader's promise, `pending`, is still to settle.
   */
  attempt(): PromiseLike<unknown>;
  /** The loader's promise, once `attempt()` answered the attempt itself: fireBreaker's lean path settles it with `settle`. */
  readonly pending: PromiseLike<unknown> | undefined;
  /** The delivered value for what `pending` settled with (a value when `fulfilled`, else an error); throws a failure the breaker counts. */
  settle(fulfilled: boolean, settled: unknown): unknown;
  /** The answer after a counted failure or a refusal (the breaker is open): the fallback, or a throw if critical. */
  onFailure(error: unknown): unknown;
  /** Milliseconds since the call started: to its recorded end once it was recorded, else to now (the latency opossum's events carry). */
  elapsedMs(): number;
}

// opossum awaits any thenable its action answers (it checks `then`), not only a Promise.
const runAttempt = (call: BreakerAttempt): Promise<unknown> => call.attempt() as Promise<unknown>;
const answerFailure = (call: BreakerAttempt, error: unknown): unknown => call.onFailure(error);

/**
 * One opossum breaker for one dependency, named `owner/field` and grouped by owner.
 *
 * Set here, whatever the options: opossum's own timeout is off (`timeoutMs` does that, with a signal per
 * call instead of opossum's controller shared by every call in flight), rolling percentiles and
 * snapshots are off (the histogram has latency; sorting every sample on each failure is waste), and
 * the options object is copied because opossum writes its defaults into the one it is given.
 * `errorFilter` is applied by the caller (opossum would reject a filtered error without its fallback).
 * State changes are mirrored into `stats.breakerState` (a shut-down breaker counts as closed).
 */
export function createBreaker(field: string, owner: string, options: BreakerOptions, stats: DependencyStats): CircuitBreaker {
  const { errorFilter: _appliedByTheCaller, ...opossumOptions } = options;
  const breaker = new CircuitBreaker(runAttempt, {
    ...DEFAULT_BREAKER_OPTIONS,
    ...opossumOptions,
    timeout: false,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    name: `${owner}/${field}`,
    group: owner,
  });
  breaker.fallback(answerFailure);
  breaker.on('open', () => (stats.breakerState = BreakerState.open));
  breaker.on('halfOpen', () => (stats.breakerState = BreakerState.halfOpen));
  breaker.on('close', () => (stats.breakerState = BreakerState.closed));
  // Once shut down, calls go straight to the loader: publish that as closed, not the state it stopped in.
  breaker.on('shutdown', () => (stats.breakerState = BreakerState.closed));
  return breaker;
}

/** True when the breaker would refuse a call now (open, or half-open with its probe already out). */
export function breakerRefuses(breaker: CircuitBreaker): boolean {
  return !breaker.closed && !breaker.pendingClose;
}
