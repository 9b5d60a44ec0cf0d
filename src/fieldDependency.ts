import { defineMetadata } from 'reflect-metadata/no-conflict';
import { dependencyFor } from './core/dependencyRegistry.js';
import type { DependencyDeclaration } from './core/Dependency.js';
import { dependencyOf, guardLoader, type AnyFunction, type FallbackFactory } from './core/guardLoader.js';
import { fieldDependencyOf } from './core/fieldDependencyOf.js';
import { describe, emptyValuesOf } from './fallback/emptyValues.js';
import type { FallbackType, FallbackValueOf, ScalarFallbackType } from './fallback/FallbackType.js';
import { ensureMetricsRegistered } from './metrics/metricsRegistry.js';
import type { FieldDependencyOptions } from './options/FieldDependencyOptions.js';
import { validateOptions } from './options/validateOptions.js';

/** The `reflect-metadata` key under which `experimentalDecorators` methods carry their declaration. */
export const FIELD_DEPENDENCY_METADATA_KEY = 'field-dependency';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest function type, for constraints only
type SomeFunction = (...args: any[]) => unknown;

/** Shown in the compile error when `type`'s empty value is not a valid return value of the loader. */
export interface FallbackTypeMismatch<Fallback, Returned> {
  readonly 'fieldDependency: the empty value of `type` does not fit the loader return type': {
    readonly fallback: Fallback;
    readonly returns: Returned;
  };
}

/** Shown in the compile error when a `[T]` dependency's loader does not take its keys (an array) first. */
export interface AlignedKeysMismatch {
  readonly 'fieldDependency: a [T] dependency needs the keys, an array, as the first parameter': true;
}

/** `unknown` when a loader of type `F` can fall back to the empty value of `T`; a readable error type otherwise. */
export type FitsFallback<T extends FallbackType, F> = F extends (...args: infer Args) => infer Returned
  ? [FallbackValueOf<T>] extends [Awaited<Returned>]
    ? T extends readonly [ScalarFallbackType]
      ? Args extends readonly [readonly unknown[], ...unknown[]]
        ? unknown
        : AlignedKeysMismatch
      : unknown
    : FallbackTypeMismatch<FallbackValueOf<T>, Awaited<Returned>>
  : never;

/**
 * What `fieldDependency(type, options)` returns: one function usable as a TC39 method decorator, as an
 * `experimentalDecorators` method decorator, or called with a plain function to wrap it.
 */
export interface FieldDependency<T extends FallbackType> {
  /** Wraps a plain function (a DataLoader batch function, say); the result has the same type. */
  <F extends SomeFunction>(loader: F & FitsFallback<T, F>): F;
  /** TC39 method decorator. */
  <This, Args extends unknown[], Returned>(
    method: ((this: This, ...args: Args) => Returned) & FitsFallback<T, (...args: Args) => Returned>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Returned>,
  ): (this: This, ...args: Args) => Returned;
  /** `experimentalDecorators` method decorator. */
  <F extends SomeFunction>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<F & FitsFallback<T, F>>,
  ): TypedPropertyDescriptor<F>;
}

/**
 * Declares a loader as a field dependency: on failure (throw, rejection, timeout, open breaker, a result
 * that breaks `type`) it answers with a fresh empty value of `type`, unless `critical`, and every call is
 * counted per owner.
 *
 * @param type `Map`, `Set`, `Array`, `Object`, `String`, `Number`, `Boolean`, `null`, or `[T]` for an
 *   aligned batch (one empty `T` per key, the keys being the first argument).
 * @param options `owner` is required; see {@link FieldDependencyOptions}.
 * @throws TypeError when `type` or an option is invalid, naming it, what was expected and what was received.
 *
 * @example
 * class PinFields {
 *   @fieldDependency(Map, { owner: 'shopping' })
 *   async shopping(pinIds: readonly string[]): Promise<Map<string, Shopping>> { … }
 * }
 * export const batchBoards = fieldDependency([null], { owner: 'boards' })(fetchBoards);
 */
export function fieldDependency<const T extends FallbackType>(type: T, options: FieldDependencyOptions): FieldDependency<T> {
  const values = emptyValuesOf(type);
  validateOptions(options);
  const critical = options.critical ?? false;
  const fallback = options.fallback as FallbackFactory | undefined;

  function wrap(loader: unknown, defaultName: string): AnyFunction {
    if (typeof loader !== 'function') {
      throw new TypeError(`fieldDependency: can only wrap a function; received ${describe(loader)}`);
    }
    if (dependencyOf(loader) !== undefined) {
      throw new TypeError(
        `fieldDependency: '${loader.name || defaultName}' is already wrapped by fieldDependency; remove one of the two wrappers`,
      );
    }
    const declaration: DependencyDeclaration = {
      field: options.name ?? (defaultName || options.owner),
      owner: options.owner,
      critical,
      type: values.label,
      timeoutMs: options.timeoutMs,
      breaker: options.breaker ?? (critical ? false : {}),
    };
    ensureMetricsRegistered();
    return guardLoader(loader as AnyFunction, dependencyFor(declaration, values), fallback);
  }

  function applied(...params: unknown[]): unknown {
    const [first, second, third] = params;
    if (params.length === 3 && isPropertyDescriptor(third)) {
      const key = typeof second === 'symbol' ? (second.description ?? '') : String(second);
      if (typeof third.value !== 'function') {
        throw new TypeError(`@fieldDependency decorates methods; '${key}' is ${third.get || third.set ? 'an accessor' : 'not a method'}`);
      }
      const guarded = wrap(third.value, key);
      defineMetadata(FIELD_DEPENDENCY_METADATA_KEY, fieldDependencyOf(guarded), first as object, key);
      return { ...third, value: guarded };
    }
    if (params.length === 2 && isDecoratorContext(second)) {
      if (second.kind !== 'method') {
        throw new TypeError(`@fieldDependency decorates methods; '${String(second.name)}' is a ${second.kind}`);
      }
      const key = typeof second.name === 'symbol' ? (second.name.description ?? '') : second.name;
      const guarded = wrap(first, key);
      if (second.metadata) {
        const declared = (second.metadata[FIELD_DEPENDENCY_METADATA_KEY] ??= {}) as Record<string, unknown>;
        declared[key] = fieldDependencyOf(guarded);
      }
      return guarded;
    }
    if (params.length === 1) return wrap(first, typeof first === 'function' ? first.name : '');
    throw new TypeError(
      `fieldDependency(type, options) returns a decorator for methods or a wrapper for one function; it was called with ${params.length} arguments`,
    );
  }

  return applied as FieldDependency<T>;
}

function isPropertyDescriptor(value: unknown): value is PropertyDescriptor {
  return typeof value === 'object' && value !== null && ('value' in value || 'get' in value || 'set' in value);
}

function isDecoratorContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'name' in value;
}
