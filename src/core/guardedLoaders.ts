import type { Dependency } from './Dependency.js';

const guardedLoaders = new WeakMap<object, Dependency>();

/** Remembers that `guarded` is a wrapped loader of `dependency` (internal). */
export function rememberGuarded(guarded: object, dependency: Dependency): void {
  guardedLoaders.set(guarded, dependency);
}

/** The dependency behind a function made by `guardLoader`, or `undefined` for any other value. */
export function dependencyOf(fn: unknown): Dependency | undefined {
  return typeof fn === 'function' ? guardedLoaders.get(fn) : undefined;
}
