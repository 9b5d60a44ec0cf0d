import { breakerRefuses, type BreakerAttempt } from '../breaker/createBreaker.js';
import { clearDegradedKeys, type ClearableLoader } from '../dataloader/evictDegradedKeys.js';
import { markDegraded } from '../dataloader/degradedKeys.js';
import { BreakerOpenError } from '../errors/BreakerOpenError.js';
import type { DegradationReason } from '../errors/DegradationReason.js';
import { DependencyDisabledError } from '../errors/DependencyDisabledError.js';
import { DependencyTimeoutError, isDependencyTimeoutError } from '../errors/DependencyTimeoutError.js';
import { FieldDependencyError } from '../errors/FieldDependencyError.js';
import { InvalidResultError, isInvalidResultError } from '../errors/InvalidResultError.js';
import { currentRequest, type RequestRecord } from '../scope/degradationScope.js';
import { runWithSignal } from '../scope/callContext.js';
import type { Dependency, InjectedFault } from './Dependency.js';

/** Any function a dependency can wrap. */
export type AnyFunction = (this: unknown, ...args: never[]) => unknown;

/** Builds the value to fall back to (the `fallback` option). */
export type FallbackFactory = (args: readonly unknown[], error: unknown) => unknown;

type Loader = (this: unknown, ...args: unknown[]) => unknown;

const guardedLoaders = new WeakMap<object, Dependency>();

/** The dependency behind a function made by {@link guardLoader}, or `undefined` for any other value. */
export function dependencyOf(fn: unknown): Dependency | undefined {
  return typeof fn === 'function' ? guardedLoaders.get(fn) : undefined;
}

/**
 * The core of the library: wraps `loader` so that every call is timed, counted and, unless the
 * dependency is critical, never throws or rejects. A sync loader stays sync; `this`, `name` and
 * `length` are kept.
 */
export function guardLoader<F extends AnyFunction>(loader: F, dependency: Dependency, fallback: FallbackFactory | undefined): F {
  const { values, critical, timeoutMs, field, owner } = dependency;
  const errorFilter = dependency.breaker === false ? undefined : (dependency.breaker.errorFilter as ((error: unknown, ...args: unknown[]) => boolean) | undefined);
  const realLoader = loader as unknown as Loader;
  /** Learned from the last call: whether answers that skip the loader must be promises. */
  let returnsPromise = true;

  function guarded(this: unknown, ...args: unknown[]): unknown {
    const startedAt = performance.now();
    const request = currentRequest();
    const circuit = dependency.circuit;
    const answer = circuit === undefined || circuit.isShutdown ? direct(this, args, startedAt, request) : throughBreaker(this, args, startedAt, request);
    if (isThenable(answer) && (this as { _batchLoadFn?: unknown } | undefined)?._batchLoadFn === guarded) {
      // Called by a DataLoader as its batch function: keep degraded keys out of its cache.
      const loader = this as ClearableLoader<unknown>;
      return answer.then((settled) => {
        clearDegradedKeys(loader, args[0] as unknown[], settled);
        return settled;
      });
    }
    return answer;
  }

  function direct(thisArg: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    if (dependency.disabled) return answerWithoutLoader('disabled', new DependencyDisabledError(field, owner), args, startedAt, request);
    let result: unknown;
    try {
      result = callLoader(thisArg, args);
    } catch (error) {
      returnsPromise = false;
      return fail(reasonOf(error), error, args, startedAt, request);
    }
    if (!isThenable(result)) {
      returnsPromise = false;
      return deliver(result, args, startedAt, request);
    }
    returnsPromise = true;
    return settle(result, args, startedAt, request);
  }

  async function settle(pending: PromiseLike<unknown>, args: unknown[], startedAt: number, request: RequestRecord | undefined): Promise<unknown> {
    let result: unknown;
    try {
      result = await pending;
    } catch (error) {
      return fail(reasonOf(error), error, args, startedAt, request);
    }
    return deliver(result, args, startedAt, request);
  }

  function throughBreaker(thisArg: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    const circuit = dependency.circuit!;
    if (dependency.disabled) return answerWithoutLoader('disabled', new DependencyDisabledError(field, owner), args, startedAt, request);
    if (breakerRefuses(circuit)) return answerWithoutLoader('breaker_open', new BreakerOpenError(field, undefined), args, startedAt, request);
    const call = new BreakerCall(thisArg, args, startedAt, request);
    // fire()'s promise is the answer: the attempt delivers successes, opossum's fallback delivers failures.
    const fired = circuit.fire(call);
    if (call.syncAnswer === undefined) {
      returnsPromise = true;
      return fired;
    }
    // A sync loader: opossum ran it inside fire() and counted it; answer synchronously.
    returnsPromise = false;
    fired.catch(ignore);
    if (call.syncAnswer.thrown) throw call.syncAnswer.value;
    return call.syncAnswer.value;
  }

  /**
   * One call through the breaker, as opossum's action and fallback see it (a per-call object rather
   * than closures). `breaker.errorFilter` is applied here: a filtered error still degrades the value,
   * but resolves the attempt so the breaker does not count it.
   */
  class BreakerCall implements BreakerAttempt {
    /** Set once opossum runs the attempt: an error after that is the loader's, even one coded like opossum's own. */
    private attempted = false;
    /** The answer, when the loader turned out to be sync. */
    syncAnswer: { readonly thrown: boolean; readonly value: unknown } | undefined;

    constructor(
      private readonly thisArg: unknown,
      private readonly args: unknown[],
      private readonly startedAt: number,
      private readonly request: RequestRecord | undefined,
    ) {}

    /** Runs the loader; a sync loader's failure is thrown (opossum counts it before fire() returns). */
    attempt(): Promise<unknown> {
      this.attempted = true;
      let result: unknown;
      try {
        result = callLoader(this.thisArg, this.args);
      } catch (error) {
        this.answerSync(() => fail(reasonOf(error), error, this.args, this.startedAt, this.request));
        // Thrown, not rejected: opossum counts a sync failure at once, so the breaker state is current on return.
        if (this.ignoredByBreaker(error)) return Promise.resolve();
        throw error;
      }
      if (isThenable(result)) {
        const delivered = Promise.resolve(result).then((value) => this.deliverOrThrow(value));
        return errorFilter === undefined ? delivered : delivered.catch((error: unknown) => this.failUnlessCounted(error));
      }
      const invalid = invalidResult(result, this.args);
      this.answerSync(() => deliver(result, this.args, this.startedAt, this.request));
      if (invalid !== undefined) throw invalid;
      return Promise.resolve(result);
    }

    /** opossum's fallback: the attempt failed (and was counted), or the breaker refused the call. */
    onFailure(error: unknown): unknown {
      if (this.syncAnswer !== undefined) return undefined;
      const opossumCode = (error as { code?: unknown } | null)?.code;
      if (!this.attempted && (opossumCode === 'EOPENBREAKER' || opossumCode === 'ESEMLOCKED' || opossumCode === 'ESHUTDOWN')) {
        return fail('breaker_open', new BreakerOpenError(field, error), this.args, this.startedAt, this.request);
      }
      return fail(reasonOf(error), error, this.args, this.startedAt, this.request);
    }

    /** The delivered value; throws an {@link InvalidResultError} (a breaker failure) when it breaks the declared type. */
    private deliverOrThrow(value: unknown): unknown {
      const invalid = invalidResult(value, this.args);
      if (invalid !== undefined) throw invalid;
      return deliverChecked(value, this.args, this.startedAt, this.request);
    }

    /** Rethrows an error the breaker counts; answers one `errorFilter` excludes with the fallback, as a success. */
    private failUnlessCounted(error: unknown): unknown {
      if (!this.ignoredByBreaker(error)) throw error;
      return fail(reasonOf(error), error, this.args, this.startedAt, this.request);
    }

    private ignoredByBreaker(error: unknown): boolean {
      return errorFilter !== undefined && !isInvalidResultError(error) && errorFilter(error, ...this.args);
    }

    private answerSync(answer: () => unknown): void {
      try {
        this.syncAnswer = { thrown: false, value: answer() };
      } catch (error) {
        this.syncAnswer = { thrown: true, value: error };
      }
    }
  }

  /** Calls the loader (or the injected fault) with the call's own signal when there is a timeout. */
  function callLoader(thisArg: unknown, args: unknown[]): unknown {
    const target = dependency.fault === undefined ? realLoader : faultyLoader(dependency.fault);
    if (timeoutMs === undefined) return target.apply(thisArg, args);
    const controller = new AbortController();
    const result = runWithSignal(controller.signal, () => target.apply(thisArg, args));
    return isThenable(result) ? raceTimeout(result, controller, timeoutMs) : result;
  }

  function raceTimeout(pending: PromiseLike<unknown>, controller: AbortController, ms: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const timeout = new DependencyTimeoutError(field, ms);
        controller.abort(timeout);
        reject(timeout);
      }, ms);
      // Settling after the timeout is a no-op, and the handlers stop a late rejection from going unhandled.
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** The error for a value that breaks the declared type, or `undefined` when it fits. */
  function invalidResult(value: unknown, args: unknown[]): InvalidResultError | undefined {
    const problem = values.problemWith(value, args[0]);
    return problem === undefined ? undefined : new InvalidResultError(`field dependency '${field}' (owner '${owner}'): ${problem}`, value);
  }

  function deliver(value: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    const invalid = invalidResult(value, args);
    if (invalid !== undefined) return fail('invalid_result', invalid, args, startedAt, request);
    return deliverChecked(value, args, startedAt, request);
  }

  /** Hands back a checked value: `[T]` results get their `Error` elements replaced key by key. */
  function deliverChecked(value: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    const keys = args[0];
    const keyCount = Array.isArray(keys) ? keys.length : 0;
    if (!values.aligned) {
      dependency.recordSuccess(startedAt, request, keyCount, 0);
      return value;
    }
    const results = value as unknown[];
    let failed: number[] | undefined;
    for (let index = 0; index < results.length; index++) if (results[index] instanceof Error) (failed ??= []).push(index);
    if (failed === undefined) {
      dependency.recordSuccess(startedAt, request, keyCount, 0);
      return value;
    }
    const delivered = results.slice();
    const errors: unknown[] = [];
    for (const index of failed) {
      const cause = results[index];
      errors.push(cause);
      delivered[index] = critical ? new FieldDependencyError({ field, owner, reason: 'partial', cause }) : values.perKey();
    }
    if (!critical) markDegraded(delivered, failed);
    dependency.recordSuccess(startedAt, request, keyCount - failed.length, failed.length);
    const failedKeys = failed.map((index) => (keys as unknown[])[index]);
    dependency.publish('partial', errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} keys failed`), failedKeys, request);
    return delivered;
  }

  /** Counts a failure, then throws a {@link FieldDependencyError} (critical) or returns a fresh fallback. */
  function fail(reason: DegradationReason, error: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
    dependency.recordFailure(startedAt, request, reason, keys?.length ?? 0);
    if (critical) {
      dependency.publish(reason, error, keys, request);
      throw new FieldDependencyError({ field, owner, reason, cause: error });
    }
    let value: unknown;
    let fallbackError: unknown;
    if (fallback === undefined) {
      value = values.whole(args[0]);
    } else {
      try {
        value = fallback(args, error);
      } catch (thrown) {
        fallbackError = thrown ?? new Error('the fallback threw a nullish value');
        value = values.whole(args[0]);
      }
    }
    markDegraded(value, 'all');
    dependency.publish(reason, error, keys, request, fallbackError);
    return value;
  }

  /** A failure found before calling the loader: answered as the loader would have, sync or async. */
  function answerWithoutLoader(reason: DegradationReason, error: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    if (!returnsPromise) return fail(reason, error, args, startedAt, request);
    try {
      return Promise.resolve(fail(reason, error, args, startedAt, request));
    } catch (thrown) {
      return Promise.reject(thrown);
    }
  }

  function reasonOf(error: unknown): DegradationReason {
    if (isDependencyTimeoutError(error) && error.field === field) return 'timeout';
    if (isInvalidResultError(error)) return 'invalid_result';
    return 'error';
  }

  Object.defineProperty(guarded, 'name', { value: realLoader.name, configurable: true });
  Object.defineProperty(guarded, 'length', { value: realLoader.length, configurable: true });
  guardedLoaders.set(guarded, dependency);
  return guarded as unknown as F;
}

function faultyLoader(fault: InjectedFault): Loader {
  switch (fault.kind) {
    case 'error':
      return () => Promise.reject(fault.error);
    case 'hang':
      return () => new Promise(ignore);
    case 'invalid':
      return () => Promise.resolve(fault.value);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function ignore(): void {}
