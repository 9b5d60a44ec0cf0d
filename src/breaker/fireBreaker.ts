import type CircuitBreaker from 'opossum';
import { countInWindow } from './countInWindow.js';
import type { BreakerAttempt } from './createBreaker.js';

/** What opossum's `fail()` reads that its published types leave out. */
interface OpossumOptions {
  readonly options: { readonly errorThresholdPercentage: number };
}

/**
 * Runs one attempt through the breaker made by createBreaker (`capacity`: its option of that name) and answers
 * as opossum's `fire()` does: the delivered value, or the fallback after a counted failure or a refusal.
 *
 * A closed breaker without a `capacity` (the usual case) takes a lean path instead of `fire()`, with the same
 * bookkeeping: the `failure` and `fallback` events, and for `fire` and `success` the work of opossum's own
 * listeners done directly (countInWindow: the library listens to neither, and the breaker is not exposed),
 * opening past the same threshold (not while warming up), then the fallback; but without `fire()`'s executor
 * promise, its two `Date.now()` reads and its second promise turn (the answer is one reaction to the attempt's).
 * It mirrors opossum 9's `call()`, `handleError()`, `fail()` and `fallback()` for the options createBreaker sets
 * (no opossum timeout, cache or coalescing; its `errorFilter` is the attempt's); an open or half-open breaker,
 * or one with a `capacity` (opossum's semaphore), goes through `fire()`.
 */
export function fireBreaker(circuit: CircuitBreaker, attempt: BreakerAttempt, capacity: number | undefined): Promise<unknown> {
  if (!circuit.closed || capacity !== undefined) return circuit.fire(attempt);
  countInWindow(circuit, 'fires', attempt);
  let answer: PromiseLike<unknown>;
  try {
    answer = attempt.attempt();
  } catch (error) {
    return countFailure(circuit, attempt, [attempt], error);
  }
  const { pending } = attempt;
  if (pending !== undefined) {
    // The loader's promise, settled and counted in one reaction: no thenable of the attempt's, no second pair of handlers.
    return Promise.resolve(pending).then(
      (value) => settleCounted(circuit, attempt, true, value),
      (error: unknown) => settleCounted(circuit, attempt, false, error),
    );
  }
  return Promise.resolve(
    answer.then(
      (value) => {
        countSuccess(circuit, attempt);
        return value;
      },
      (error: unknown) => countFailure(circuit, attempt, [attempt], error),
    ),
  );
}

/** What the attempt's thenable and the two handlers above did, in one: the value settled (`attempt.settle`), then counted. */
function settleCounted(circuit: CircuitBreaker, attempt: BreakerAttempt, fulfilled: boolean, settled: unknown): unknown {
  let value: unknown;
  try {
    value = attempt.settle(fulfilled, settled);
  } catch (error) {
    return countFailure(circuit, attempt, [attempt], error);
  }
  countSuccess(circuit, attempt);
  return value;
}

/** What opossum's two `success` listeners do: count the success (countInWindow), and close a half-open breaker. */
function countSuccess(circuit: CircuitBreaker, attempt: BreakerAttempt): void {
  countInWindow(circuit, 'successes', attempt);
  if (circuit.halfOpen) circuit.close();
}

/** opossum's `handleError()` for a failure it counts: the `failure` event, opening past the threshold, then the fallback. */
function countFailure(circuit: CircuitBreaker, attempt: BreakerAttempt, args: readonly unknown[], error: unknown): Promise<unknown> {
  circuit.emit('failure', error, attempt.elapsedMs(), args);
  if (!circuit.warmUp) {
    const { stats } = circuit;
    if (stats.fires >= circuit.volumeThreshold || circuit.halfOpen) {
      const errorRate = (stats.failures / stats.fires) * 100;
      if (errorRate > (circuit as unknown as OpossumOptions).options.errorThresholdPercentage || circuit.halfOpen) circuit.open();
    }
  }
  try {
    const fallback = attempt.onFailure(error);
    circuit.emit('fallback', fallback, error);
    return fallback instanceof Promise ? fallback : Promise.resolve(fallback);
  } catch (thrown) {
    return Promise.reject(thrown);
  }
}
