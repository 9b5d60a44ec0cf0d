import type { Dependency } from './Dependency.js';

/** Its constructor returns the object it is given, so that a subclass adds its private fields to that object. */
class Returning {
  constructor(target: object) {
    return target as Returning;
  }
}

/**
 * Marks a wrapped loader with its dependency in a private field: invisible to reflection like a WeakMap entry,
 * but without one (a loader factory called per request made a WeakMap entry per loader per request, costly to collect).
 */
class GuardedMark extends Returning {
  readonly #dependency: Dependency;

  private constructor(guarded: object, dependency: Dependency) {
    super(guarded);
    this.#dependency = dependency;
  }

  static mark(guarded: object, dependency: Dependency): void {
    new GuardedMark(guarded, dependency);
  }

  static dependencyOf(value: unknown): Dependency | undefined {
    return typeof value === 'function' && #dependency in value ? (value as unknown as GuardedMark).#dependency : undefined;
  }
}

/** Remembers that `guarded` (a function made by `guardLoader`, not yet shared) is a wrapped loader of `dependency` (internal). */
export function rememberGuarded(guarded: object, dependency: Dependency): void {
  GuardedMark.mark(guarded, dependency);
}

/** The dependency behind a function made by `guardLoader`, or `undefined` for any other value. */
export function dependencyOf(fn: unknown): Dependency | undefined {
  return GuardedMark.dependencyOf(fn);
}
