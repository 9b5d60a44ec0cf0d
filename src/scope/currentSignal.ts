import { currentContext } from './callContext.js';

/**
 * The `AbortSignal` of the dependency call this code runs in: aborted (with a `DependencyTimeoutError`)
 * when that call's `timeoutMs` passes, so an HTTP request given it is really cancelled. Each call has
 * its own signal; no other call is touched. `undefined` outside a call that has `timeoutMs`.
 *
 * @example
 * const response = await fetch(url, { signal: currentSignal() });
 */
export function currentSignal(): AbortSignal | undefined {
  return currentContext()?.signal?.signal;
}
