import type CircuitBreaker from 'opossum';
import { breakerRefuses, type BreakerAttempt } from '../breaker/createBreaker.js';
import { fireBreaker } from '../breaker/fireBreaker.js';
import { BreakerOpenError } from '../errors/BreakerOpenError.js';
import { isInvalidResultError } from '../errors/InvalidResultError.js';
import { Call } from './Call.js';
import { checkResult } from './checkResult.js';
import { classifyFailure } from './classifyFailure.js';
import { deliverChecked } from './deliverResult.js';
import { fallBack } from './fallBack.js';
import { refuseCall } from './refuseCall.js';
import { runLoader } from './runLoader.js';

type ErrorFilter = (error: unknown, ...args: unknown[]) => boolean;

/**
 * Step 2 of a call, for a dependency with a breaker: where the breaker is consulted. An open breaker
 * refuses the call (reason `breaker_open`); otherwise the rest of the call runs inside opossum's
 * `fire()` (or its lean equivalent for a closed breaker: fireBreaker), whose promise is the answer: the
 * attempt delivers successes, opossum's fallback delivers failures. A sync loader's answer is handed back synchronously (opossum counted it before `fire()` returned).
 */
export function callThroughBreaker(call: BreakerCall, circuit: CircuitBreaker): unknown {
  const { guard } = call;
  if (breakerRefuses(circuit)) return refuseCall(call, 'breaker_open', new BreakerOpenError(guard.dependency.field, undefined));
  const { breaker } = guard.dependency;
  const fired = fireBreaker(circuit, call, breaker === false ? undefined : breaker.capacity);
  const syncAnswer = call.syncAnswer;
  if (syncAnswer === undefined) return fired;
  fired.catch(ignore);
  if (syncAnswer.thrown) throw syncAnswer.value;
  return syncAnswer.value;
}

/**
 * One call through the breaker, as opossum's action and fallback see it. `breaker.errorFilter` is
 * applied here: a filtered error still degrades the value, but resolves the attempt so the breaker does
 * not count it.
 */
export class BreakerCall extends Call implements BreakerAttempt {
  /** Set once opossum runs the attempt: an error after that is the loader's, even one coded like opossum's own. */
  private attempted = false;
  /** The answer, when the loader turned out to be sync. */
  syncAnswer: { readonly thrown: boolean; readonly value: unknown } | undefined;

  /** Runs the loader (step 3); a sync loader's failure is thrown, so opossum counts it before fire() returns. */
  attempt(): PromiseLike<unknown> {
    this.attempted = true;
    let result: unknown;
    try {
      result = runLoader(this);
    } catch (error) {
      this.guard.returnsPromise = false;
      this.answerSync(() => fallBack(this, classifyFailure(error, this.guard.dependency.field), error));
      if (this.ignoredByBreaker(error)) return Promise.resolve();
      throw error;
    }
    if (this.guard.returnsPromise) return new CheckedAnswer(this, result as PromiseLike<unknown>);
    const invalid = checkResult(this, result);
    this.answerSync(() => (invalid === undefined ? deliverChecked(this, result) : fallBack(this, 'invalid_result', invalid)));
    if (invalid !== undefined) throw invalid;
    return Promise.resolve(result);
  }

  /** Milliseconds since the call started, to its recorded end (recordCall) or, before that, to now. */
  elapsedMs(): number {
    return (this.endedAt ?? performance.now()) - this.startedAt;
  }

  /** opossum's fallback: the attempt failed (and was counted), or the breaker refused the call. */
  onFailure(error: unknown): unknown {
    if (this.syncAnswer !== undefined) return undefined;
    const { field } = this.guard.dependency;
    if (!this.attempted && isOpossumRefusal(error)) return fallBack(this, 'breaker_open', new BreakerOpenError(field, error));
    return fallBack(this, classifyFailure(error, field), error);
  }

  /** The checked value; throws an `InvalidResultError` (a breaker failure) when it breaks the declared type. */
  deliverOrThrow(value: unknown): unknown {
    const invalid = checkResult(this, value);
    if (invalid !== undefined) throw invalid;
    return deliverChecked(this, value);
  }

  /** Rethrows an error the breaker counts; answers one `errorFilter` excludes with the fallback, as a success. */
  failUnlessCounted(error: unknown): unknown {
    if (!this.ignoredByBreaker(error)) throw error;
    return fallBack(this, classifyFailure(error, this.guard.dependency.field), error);
  }

  /** The dependency's `breaker.errorFilter`, if any. */
  errorFilter(): ErrorFilter | undefined {
    const { breaker } = this.guard.dependency;
    return breaker === false ? undefined : (breaker.errorFilter as ErrorFilter | undefined);
  }

  /** Whether `errorFilter` excludes `error` from the breaker's count (never an invalid result; a filter that throws excludes nothing). */
  private ignoredByBreaker(error: unknown): boolean {
    const filter = this.errorFilter();
    if (filter === undefined) return false;
    try {
      return !isInvalidResultError(error) && filter(error, ...this.args);
    } catch {
      return false;
    }
  }

  private answerSync(answer: () => unknown): void {
    try {
      this.syncAnswer = { thrown: false, value: answer() };
    } catch (error) {
      this.syncAnswer = { thrown: true, value: error };
    }
  }
}

/**
 * An attempt's answer as opossum awaits it: the loader's promise, checked (step 4) and delivered in the same
 * promise turn as opossum's own reaction to it, so the breaker adds no turn of its own. It settles as the
 * attempt did: with the delivered value, or with the failure the breaker counts (a rejection, an invalid
 * result); an error `errorFilter` excludes settles as a success, with the fallback.
 */
class CheckedAnswer implements PromiseLike<unknown> {
  constructor(
    private readonly call: BreakerCall,
    private readonly pending: PromiseLike<unknown>,
  ) {}

  then<TResult1 = unknown, TResult2 = never>(
    onFulfilled?: ((value: unknown) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    const { call } = this;
    // Without errorFilter or onRejected a rejection passes through unchanged: no handler to allocate.
    const passesRejections = typeof onRejected !== 'function' && call.errorFilter() === undefined;
    return Promise.resolve(this.pending).then(
      (value) => settle(call, true, value, onFulfilled, onRejected),
      passesRejections ? undefined : (error: unknown) => settle(call, false, error, onFulfilled, onRejected),
    );
  }
}

/**
 * Hands the attempt's answer on as a chained `then` would: the delivered value (or, for a rejection
 * `errorFilter` excludes, the fallback) to `onFulfilled`; a failure the breaker counts to `onRejected`.
 */
function settle<TResult1, TResult2>(
  call: BreakerCall,
  fulfilled: boolean,
  settled: unknown,
  onFulfilled: ((value: unknown) => TResult1 | PromiseLike<TResult1>) | null | undefined,
  onRejected: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null | undefined,
): TResult1 | TResult2 | PromiseLike<TResult1 | TResult2> {
  let value: unknown;
  try {
    value = fulfilled ? call.deliverOrThrow(settled) : call.failUnlessCounted(settled);
  } catch (error) {
    if (typeof onRejected !== 'function') throw error;
    return onRejected(error);
  }
  return typeof onFulfilled === 'function' ? onFulfilled(value) : (value as TResult1);
}

/** True for opossum's own refusals (open, no semaphore slot, shut down); false for anything else, even a value that throws when read. */
function isOpossumRefusal(error: unknown): boolean {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'EOPENBREAKER' || code === 'ESEMLOCKED' || code === 'ESHUTDOWN';
  } catch {
    return false;
  }
}

function ignore(): void {}
