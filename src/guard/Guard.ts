import type { Dependency } from '../core/Dependency.js';

/** Any function a dependency can wrap. */
export type AnyFunction = (this: unknown, ...args: never[]) => unknown;

/** Builds the value to fall back to (the `fallback` option). */
export type FallbackFactory = (args: readonly unknown[], error: unknown) => unknown;

/** A loader as the guard calls it. */
export type Loader = (this: unknown, ...args: unknown[]) => unknown;

/** What one wrapped loader keeps between calls: the loader, its dependency, its `fallback` option. */
export class Guard {
  /**
   * Learned from the last call that reached the loader: whether it answers with a promise. A call
   * answered without the loader (disabled, breaker open) takes the same shape, so a sync loader stays sync.
   */
  returnsPromise = true;
  /** The wrapped function, when the loader is anonymous (guardLoader): it cannot name itself without taking a name. */
  anonymous: Loader | undefined = undefined;

  constructor(
    readonly loader: Loader,
    readonly dependency: Dependency,
    readonly fallback: FallbackFactory | undefined,
  ) {}
}
