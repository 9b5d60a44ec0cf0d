import type CircuitBreaker from 'opossum';
import { breakerRefuses, type BreakerAttempt } from '../breaker/createBreaker.js';
import { fireBreaker } from '../breaker/fireBreaker.js';
import { BreakerOpenError } from '../errors/BreakerOpenError.js';
import { isInvalidResultError } from '../errors/InvalidResultError.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import type { CallTraceContext } from '../events/callChannel.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import { Call } from './Call.js';
import type { Guard } from './Guard.js';
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
 *
 * While the loader's promise is pending the attempt is its own answer, a thenable: the loader's promise,
 * checked (step 4) and delivered in the same promise turn as the breaker's own reaction to it, so the
 * breaker adds no turn of its own. It settles as the attempt did: with the delivered value, or with the
 * failure the breaker counts (a rejection, an invalid result); an error `errorFilter` excludes settles as
 * a success, with the fallback. fireBreaker's lean path awaits `pending` itself and calls `settle`.
 */
export class BreakerCall extends Call implements BreakerAttempt, PromiseLike<unknown> {
  /** Set once opossum runs the attempt: an error after that is the loader's, even one coded like opossum's own. */
  declare private attempted: boolean;
  /** The answer, when the loader turned out to be sync. */
  declare syncAnswer: { readonly thrown: boolean; readonly value: unknown } | undefined;
  /** The loader's promise, when it answered with one. */
  declare pending: PromiseLike<unknown> | undefined;

  constructor(
    guard: Guard,
    thisArg: unknown,
    args: unknown[],
    dataLoader: ClearableLoader<unknown> | undefined,
    others?: readonly RequestRecord[],
    trace?: CallTraceContext,
  ) {
    super(guard, thisArg, args, dataLoader, others, trace);
    // Set here, not as class fields: as for Call's own.
    this.attempted = false;
    this.syncAnswer = undefined;
    this.pending = undefined;
  }

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
    if (this.guard.returnsPromise) {
      this.pending = result as PromiseLike<unknown>;
      return this;
    }
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

  /**
   * What the loader's promise settled with, delivered: the checked value (an `InvalidResultError`, a breaker
   * failure, is thrown when it breaks the declared type); a rejection the breaker counts is thrown again, one
   * `errorFilter` excludes answered with the fallback, as a success.
   */
  settle(fulfilled: boolean, settled: unknown): unknown {
    if (!fulfilled) {
      if (!this.ignoredByBreaker(settled)) throw settled;
      return fallBack(this, classifyFailure(settled, this.guard.dependency.field), settled);
    }
    const invalid = checkResult(this, settled);
    if (invalid !== undefined) throw invalid;
    return deliverChecked(this, settled);
  }

  /** The pending answer as opossum's `fire()` awaits it: settled (`settle`), then handed on as a chained `then` would. */
  then<TResult1 = unknown, TResult2 = never>(
    onFulfilled?: ((value: unknown) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    // Without errorFilter or onRejected a rejection passes through unchanged: no handler to allocate.
    const passesRejections = typeof onRejected !== 'function' && this.errorFilter() === undefined;
    return Promise.resolve(this.pending).then(
      (value) => handOn(this, true, value, onFulfilled, onRejected),
      passesRejections ? undefined : (error: unknown) => handOn(this, false, error, onFulfilled, onRejected),
    );
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
 * Hands the attempt's answer on as a chained `then` would: the settled value (`call.settle`) to `onFulfilled`;
 * a failure the breaker counts to `onRejected`.
 */
function handOn<TResult1, TResult2>(
  call: BreakerCall,
  fulfilled: boolean,
  settled: unknown,
  onFulfilled: ((value: unknown) => TResult1 | PromiseLike<TResult1>) | null | undefined,
  onRejected: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null | undefined,
): TResult1 | TResult2 | PromiseLike<TResult1 | TResult2> {
  let value: unknown;
  try {
    value = call.settle(fulfilled, settled);
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
