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
 * `length` are kept (`name`: the loader's, when the caller read it already). The steps of a call are listed, in
 * order, in `guardedCall`.
 */
export function guardLoader<F extends AnyFunction>(loader: F, dependency: Dependency, fallback: FallbackFactory | undefined, name: unknown = loader.name): F {
  const realLoader = loader as unknown as Loader;
  const guarded = guardedFunction(new Guard(realLoader, dependency, fallback), name, realLoader.length);
  rememberGuarded(guarded, dependency);
  return guarded as unknown as F;
}

/**
 * The wrapped function, with the loader's `name` and `length`. The usual ones (a string name, 0 or 1 parameter, as
 * batch functions have) are given at creation: redefining a function's `name` or `length` turns it into a
 * dictionary-mode object, costly to build for a loader factory that wraps its loaders per request. An anonymous
 * loader (an inline arrow, as most batch functions are) gets an anonymous function expression: a computed `name`
 * costs a runtime call per wrapper, about ten times the closure itself.
 */
function guardedFunction(guard: Guard, name: unknown, length: unknown): Loader {
  if (name === '' && length === 1) return anonymousGuarded(guard);
  if (typeof name === 'string' && length === 1) {
    const { [name]: guarded } = {
      [name]: function (this: unknown, first: unknown): unknown {
        // `first` makes `length` 1. Every argument given is passed on; the usual one (the keys) costs one array, as a rest parameter would.
        // eslint-disable-next-line prefer-rest-params -- `first, ...rest` would cost a second array per call
        return callGuarded(guard, guarded as Loader, this, arguments.length === 1 ? [first] : Array.from(arguments));
      },
    };
    return guarded as Loader;
  }
  if (typeof name === 'string' && length === 0) {
    const { [name]: guarded } = {
      [name]: function (this: unknown, ...args: unknown[]): unknown {
        return callGuarded(guard, guarded as Loader, this, args);
      },
    };
    return guarded as Loader;
  }
  function guarded(this: unknown, ...args: unknown[]): unknown {
    return callGuarded(guard, guarded, this, args);
  }
  Object.defineProperty(guarded, 'name', { value: name, configurable: true });
  Object.defineProperty(guarded, 'length', { value: length, configurable: true });
  return guarded;
}

/** The wrapped function of an anonymous loader of one parameter: assigned to a property, a function expression stays named `''`. */
function anonymousGuarded(guard: Guard): Loader {
  return (guard.anonymous = function (this: unknown, first: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params -- as in guardedFunction: one array per call
    return callGuarded(guard, guard.anonymous as Loader, this, arguments.length === 1 ? [first] : Array.from(arguments));
  });
}

function callGuarded(guard: Guard, guarded: Loader, thisArg: unknown, args: unknown[]): unknown {
  if (isBatchCallOf(thisArg, guarded)) return answerDataLoader(guard, thisArg, args);
  return callChannel.hasSubscribers ? tracedCall(guard, thisArg, args) : guardedCall(guard, thisArg, args);
}
