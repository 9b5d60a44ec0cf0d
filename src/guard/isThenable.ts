/**
 * True when `value` has a `then` method. Reading `then` runs user code (a getter, a Proxy trap) that may
 * throw: the throw propagates, and callers treat it as the loader's own failure.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
