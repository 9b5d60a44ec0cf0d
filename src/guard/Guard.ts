import type { Dependency } from '../core/Dependency.js';

/** Any function a dependency can wrap. */
export type AnyFunction = (this: unknown, ...args: never[]) => unknown;

/** Builds the value to fall back to (the `fallback` option). */
export type FallbackFactory = (args: readonly unknown[], error: unknown) => unknown;

/** A loader as the guard calls it. */
export type Loader = (this: unknown, ...args: unknown[]) => unknown;

/**
 * What one wrapped loader keeps between calls: the loader, its dependency, its `fallback` option. Fields set
 * in the constructor, not as class fields: a per-request loader factory builds one per loader per request.
 */
export class Guard {
  declare readonly loader: Loader;
  declare readonly dependency: Dependency;
  declare readonly fallback: FallbackFactory | undefined;
  /**
   * Learned from the last call that reached the loader: whether it answers with a promise. A call
   * answered without the loader (disabled, breaker open) takes the same shape, so a sync loader stays sync.
   */
  declare returnsPromise: boolean;
  /** The wrapped function, when the loader is anonymous (guardLoader): it cannot name itself without taking a name. */
  declare anonymous: Loader | undefined;

  constructor(loader: Loader, dependency: Dependency, fallback: FallbackFactory | undefined) {
    this.loader = loader;
    this.dependency = dependency;
    this.fallback = fallback;
    this.returnsPromise = true;
    this.anonymous = undefined;
  }
}
