import type { Dependency } from '../core/Dependency.js';
import { answerDataLoader, isBatchCallOf } from './answerDataLoader.js';
import { Guard, type AnyFunction, type FallbackFactory, type Loader } from './Guard.js';
import { guardedCall } from './guardedCall.js';
import { tracedCall } from './tracedCall.js';
import { callChannel } from '../events/callChannel.js';
import { rememberGuarded } from '../core/guardedLoaders.js';

/**
 * The core of the library: wraps `loader` so that every call is timed, counted and, unless the
 * dependency is critical, never throws or rejects. A sync loader stays sync; `this`, `name` and
 * `length` are kept. The steps of a call are listed, in order, in `guardedCall`.
 */
export function guardLoader<F extends AnyFunction>(loader: F, dependency: Dependency, fallback: FallbackFactory | undefined): F {
  const realLoader = loader as unknown as Loader;
  const guard = new Guard(realLoader, dependency, fallback);
  function guarded(this: unknown, ...args: unknown[]): unknown {
    if (isBatchCallOf(this, guarded)) return answerDataLoader(guard, this, args);
    return callChannel.hasSubscribers ? tracedCall(guard, this, args) : guardedCall(guard, this, args);
  }
  Object.defineProperty(guarded, 'name', { value: realLoader.name, configurable: true });
  Object.defineProperty(guarded, 'length', { value: realLoader.length, configurable: true });
  rememberGuarded(guarded, dependency);
  return guarded as unknown as F;
}
