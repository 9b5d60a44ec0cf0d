import type { InjectedFault } from '../core/InjectedFault.js';
import { InvalidResultError } from '../errors/InvalidResultError.js';
import { CallSignal } from '../scope/CallSignal.js';
import { runWithSignal } from '../scope/callContext.js';
import type { Call } from './Call.js';
import type { Loader } from './Guard.js';
import { describeSafely } from './describeSafely.js';
import { isThenable } from './isThenable.js';
import { raceTimeout } from './raceTimeout.js';

/**
 * Step 3 of a call: runs the loader (or the fault a test injected) with `this` and the arguments. With
 * `timeoutMs`, the loader runs with the call's own AbortSignal (`currentSignal()`, made only if it asks:
 * CallSignal) and a promise it returns is raced against the timeout (raceTimeout).
 *
 * Answers the loader's value, or a promise of it; throws what the loader threw synchronously, or an
 * {@link InvalidResultError} when reading its answer's `then` throws (a value that is neither a value nor
 * a promise: `invalid_result`). Remembers whether the loader answers with a promise.
 */
export function runLoader(call: Call): unknown {
  const { guard } = call;
  const { dependency } = guard;
  const target = dependency.fault === undefined ? guard.loader : faultyLoader(dependency.fault);
  const { timeoutMs } = dependency;
  if (timeoutMs === undefined) {
    const result = target.apply(call.thisArg, call.args);
    guard.returnsPromise = answersPromise(call, result);
    return result;
  }
  const signal = new CallSignal();
  const result = runWithSignal(signal, () => target.apply(call.thisArg, call.args));
  guard.returnsPromise = answersPromise(call, result);
  return guard.returnsPromise ? raceTimeout(result as PromiseLike<unknown>, signal, dependency.field, timeoutMs) : result;
}

/** Whether the loader answered with a promise (a thenable); a value whose `then` throws when read is an invalid result. */
function answersPromise(call: Call, result: unknown): boolean {
  try {
    return isThenable(result);
  } catch (thrown) {
    const { field, owner } = call.guard.dependency;
    throw new InvalidResultError(`field dependency '${field}' (owner '${owner}'): reading the value's \`then\` throws (${describeSafely(thrown)})`, result);
  }
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

function ignore(): void {}
