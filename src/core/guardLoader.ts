import { breakerRefuses } from '../breaker/createBreaker.js';
import { clearDegradedKeys, type ClearableLoader } from '../dataloader/evictDegradedKeys.js';
import { markDegraded } from '../dataloader/degradedKeys.js';
import { BreakerOpenError } from '../errors/BreakerOpenError.js';
import type { DegradationReason } from '../errors/DegradationReason.js';
import { DependencyDisabledError } from '../errors/DependencyDisabledError.js';
import { DependencyTimeoutError, isDependencyTimeoutError } from '../errors/DependencyTimeoutError.js';
import { FieldDependencyError } from '../errors/FieldDependencyError.js';
import { InvalidResultError, isInvalidResultError } from '../errors/InvalidResultError.js';
import { currentRequest, type RequestRecord } from '../scope/degradationScope.js';
import { runWithSignal } from '../scope/currentSignal.js';
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
    // opossum runs the attempt synchronously inside fire(): a sync loader's outcome is known on return.
    let syncOutcome: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
    // Set once opossum runs the attempt: an error after that is the loader's, even one coded like opossum's own.
    let attempted = false;
    const fired = circuit.fire(() => {
      attempted = true;
      let result: unknown;
      try {
        result = callLoader(thisArg, args);
      } catch (error) {
        syncOutcome = { ok: false, error };
        throw error;
      }
      if (isThenable(result)) return Promise.resolve(result).then((value) => checked(value, args));
      try {
        syncOutcome = { ok: true, value: checked(result, args) };
      } catch (error) {
        syncOutcome = { ok: false, error };
        throw error;
      }
      return Promise.resolve(result);
    });
    if (syncOutcome !== undefined) {
      returnsPromise = false;
      fired.catch(ignore);
      return syncOutcome.ok ? deliverChecked(syncOutcome.value, args, startedAt, request) : fail(reasonOf(syncOutcome.error), syncOutcome.error, args, startedAt, request);
    }
    returnsPromise = true;
    return fired.then(
      (value) => deliverChecked(value, args, startedAt, request),
      (error: unknown) => {
        const opossumCode = (error as { code?: unknown } | null)?.code;
        if (!attempted && (opossumCode === 'EOPENBREAKER' || opossumCode === 'ESEMLOCKED' || opossumCode === 'ESHUTDOWN')) {
          return fail('breaker_open', new BreakerOpenError(field, error), args, startedAt, request);
        }
        return fail(reasonOf(error), error, args, startedAt, request);
      },
    );
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

  /** The value if it fits the declared type; throws an {@link InvalidResultError} otherwise. */
  function checked(value: unknown, args: unknown[]): unknown {
    const problem = values.problemWith(value, args[0]);
    if (problem !== undefined) throw new InvalidResultError(`field dependency '${field}' (owner '${owner}'): ${problem}`, value);
    return value;
  }

  function deliver(value: unknown, args: unknown[], startedAt: number, request: RequestRecord | undefined): unknown {
    const problem = values.problemWith(value, args[0]);
    if (problem !== undefined) {
      const error = new InvalidResultError(`field dependency '${field}' (owner '${owner}'): ${problem}`, value);
      return fail('invalid_result', error, args, startedAt, request);
    }
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
