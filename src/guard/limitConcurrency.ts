import type CircuitBreaker from 'opossum';
import type { ConcurrencyLimiter } from '../concurrency/ConcurrencyLimiter.js';
import { DependencyShedError } from '../errors/DependencyShedError.js';
import type { Call } from './Call.js';
import { refuseCall } from './refuseCall.js';

/** The rest of the call (the breaker, then the loader), as guardedCall runs it. */
export type CallRest = (call: Call, circuit: CircuitBreaker | undefined) => unknown;

/**
 * Step 2 of a call, for a dependency with a `concurrencyLimit` (after admitCall, before consultBreaker):
 * takes one of its slots for the rest of the call, or, when every slot is taken, answers the fallback at
 * once (no queueing), reason `shed`, with a {@link DependencyShedError} (`concurrency_limit`),
 * counted as `degraded`: the upstream's slowness, as a timeout would be.
 *
 * The slot is given back exactly once, when the answer is ready: a sync answer, a sync throw, or the
 * settling of the answer's promise (a value, a timeout's fallback, a breaker's refusal, a rejection). The
 * call's recorded `reason` (recordCall) tells the adaptive limit how it went.
 */
export function limitConcurrency(call: Call, limiter: ConcurrencyLimiter, circuit: CircuitBreaker | undefined, rest: CallRest): unknown {
  if (!limiter.tryAcquire()) {
    const { field, owner } = call.guard.dependency;
    return refuseCall(call, 'shed', new DependencyShedError(field, owner, 'concurrency_limit'));
  }
  let answer: unknown;
  try {
    answer = rest(call, circuit);
  } catch (error) {
    release(call, limiter);
    throw error;
  }
  if (!(answer instanceof Promise)) {
    release(call, limiter);
    return answer;
  }
  return answer.then(
    (value: unknown) => {
      release(call, limiter);
      return value;
    },
    (error: unknown) => {
      release(call, limiter);
      throw error;
    },
  );
}

function release(call: Call, limiter: ConcurrencyLimiter): void {
  limiter.release(call.reason, call.startedAt);
}
