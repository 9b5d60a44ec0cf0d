import { defineMetadata } from 'reflect-metadata/no-conflict';
import { claimField } from './core/claimField.js';
import { definitionSiteOf, type DefinitionSite } from './core/definitionSite.js';
import { fieldNameOf } from './core/fieldNameRule.js';
import { dependencyFor, repeatOutcome } from './core/dependencyRegistry.js';
import { copyBreaker, recallDeclaration, rememberDeclaration, type Recall, type RememberedDeclaration } from './core/repeatedDeclarations.js';
import type { DependencyDeclaration } from './core/DependencyDeclaration.js';
import { dependencyOf } from './core/guardedLoaders.js';
import { guardLoader } from './guard/guardLoader.js';
import type { AnyFunction, FallbackFactory } from './guard/Guard.js';
import { fieldDependencyOf } from './core/fieldDependencyOf.js';
import { deciderKey } from './contract/deciderKey.js';
import { claimDeciderKey } from './deciders/deciderKeyClaims.js';
import { deciderDeclared } from './deciders/decidersInUse.js';
import { describe, emptyValuesOf } from './fallback/emptyValues.js';
import type { FallbackType, FallbackValueOf, ScalarFallbackType } from './fallback/FallbackType.js';
import { ensureMetricsRegistered } from './metrics/metricsRegistry.js';
import type { BreakerOptions, FieldDependencyOptions } from './options/FieldDependencyOptions.js';
import { validateOptions } from './options/validateOptions.js';

/** The `reflect-metadata` key under which `experimentalDecorators` methods carry their declaration. */
export const FIELD_DEPENDENCY_METADATA_KEY = 'field-dependency';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest function type, for constraints only
type SomeFunction = (...args: any[]) => unknown;

/** Shown in the compile error when `type`'s empty value is not a valid return value of the loader. */
export interface FallbackTypeMismatch<Fallback, Returned> {
  /** The property name is the message; `fallback` is the empty value's type, `returns` the loader's. */
  readonly 'fieldDependency: the empty value of `type` does not fit the loader return type': {
    readonly fallback: Fallback;
    readonly returns: Returned;
  };
}

/** Shown in the compile error when a `[T]` dependency's loader does not take its keys (an array) first. */
export interface AlignedKeysMismatch {
  /** The property name is the message. */
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
  /**
   * Wraps a plain function (a DataLoader batch function, say); the result has the same type.
   * @param notAContext never given: it only stops TC39 decorators of getters, setters and fields (which
   *   pass a context as second argument) from matching this signature, so decorating them fails to compile.
   *
   * `SomeFunction extends F ? unknown : …` skips the check while `F` is still its constraint: TypeScript 5.x
   * first tries a `function` expression (context-sensitive, for its implicit `this`) with `F` uninferred, and
   * would otherwise reject `fieldDependency([null], …)(async function (ids) {…})` before inferring `F`.
   */
  <F extends SomeFunction>(loader: F & (SomeFunction extends F ? unknown : FitsFallback<T, F>), notAContext?: undefined): F;
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
  // Where this decorator or wrapper is declared (docs/declaring.md, "Names and identity"); an explicit `name` needs no site.
  const named = typeof options === 'object' && options !== null && options.name !== undefined;
  const site = named ? undefined : definitionSiteOf(fieldDependency);
  // A site declaring again with equal options (a per-request loader factory) skips validation and the registry.
  const recalled = recallDeclaration(site?.key, type, options);
  let declared: RememberedDeclaration;
  if (recalled === undefined) {
    const values = emptyValuesOf(type);
    validateOptions(options);
    declared = rememberDeclaration(site?.key, type, options as unknown as Record<string, unknown>, values);
  } else {
    declared = recalled.declaration;
  }
  // Read once, as validated: later changes to the caller's object (or its `breaker`) cannot bypass validation.
  const declaring: Declaring = {
    site,
    declared,
    recall: recalled?.recall,
    breaker: recalled?.recall === 'functions' ? copyBreaker(options.breaker) : declared.breakerOptions,
    fallback: options.fallback as FallbackFactory | undefined,
    wrappedBefore: false,
    applied,
  };

  function applied(...params: unknown[]): unknown {
    const [first, second, third] = params;
    if (params.length === 3 && isPropertyDescriptor(third)) {
      const key = typeof second === 'symbol' ? (second.description ?? '') : String(second);
      if (typeof third.value !== 'function') {
        const kind = third.get && third.set ? 'an accessor (getter and setter)' : third.get ? 'a getter' : third.set ? 'a setter' : 'not a method';
        throw new TypeError(`@fieldDependency decorates methods; '${key}' is ${kind}`);
      }
      const guarded = wrapLoader(declaring, third.value, key, site);
      defineMetadata(FIELD_DEPENDENCY_METADATA_KEY, fieldDependencyOf(guarded), first as object, second as string | symbol);
      return { ...third, value: guarded };
    }
    const legacyField = params.length === 3 ? third === undefined && isObjectLike(first) : params.length === 2 && typeof first === 'object' && first !== null;
    if (legacyField && isPropertyKey(second)) {
      // An `experimentalDecorators` property decorator: TypeScript calls it as (target, key, undefined).
      throw new TypeError(`@fieldDependency decorates methods; '${typeof second === 'symbol' ? (second.description ?? '') : second}' is a field`);
    }
    if (params.length === 2 && isDecoratorContext(second)) {
      if (second.kind !== 'method') {
        throw new TypeError(`@fieldDependency decorates methods; '${String(second.name)}' is ${DECORATED_KINDS[second.kind] ?? `a ${second.kind}`}`);
      }
      const key = typeof second.name === 'symbol' ? (second.name.description ?? '') : second.name;
      const guarded = wrapLoader(declaring, first, key, site);
      if (second.metadata) {
        const declared = (second.metadata[FIELD_DEPENDENCY_METADATA_KEY] ??= {}) as Record<string, unknown>;
        declared[key] = fieldDependencyOf(guarded);
      }
      return guarded;
    }
    if (params.length === 1 || (params.length === 2 && second === undefined)) {
      if (typeof first === 'function' && Object.hasOwn(first, 'prototype') && /^class\b/.test(Function.prototype.toString.call(first))) {
        // An `experimentalDecorators` class decorator, or a class passed by mistake: a class is not a loader.
        throw new TypeError(`@fieldDependency decorates methods and wraps functions; '${first.name}' is a class`);
      }
      // One wrapper applied to several functions: each application is a definition site of its own.
      const loaderSite = declaring.wrappedBefore && !named ? definitionSiteOf(applied) : site;
      // The function's `name`, read once: the field's default name and the wrapper's name.
      const name = typeof first === 'function' ? first.name : '';
      return wrapLoader(declaring, first, name, loaderSite, name);
    }
    throw new TypeError(
      `fieldDependency(type, options) returns a decorator for methods or a wrapper for one function; it was called with ${params.length} arguments`,
    );
  }

  return applied as FieldDependency<T>;
}

/** One `fieldDependency(type, options)` call, as its wrapper applies it. */
interface Declaring {
  /** Where `fieldDependency` was called; `undefined` with an explicit `name`. */
  readonly site: DefinitionSite | undefined;
  readonly declared: RememberedDeclaration;
  /** How the options compared with the site's remembered declaration; `undefined` when validated afresh. */
  readonly recall: Recall | undefined;
  /** The `breaker` option as declared (a copy). */
  readonly breaker: BreakerOptions | false | undefined;
  readonly fallback: FallbackFactory | undefined;
  /** Set by the first application: a later one is a definition site of its own. */
  wrappedBefore: boolean;
  /** The decorator or wrapper returned, whose call site a later application is. */
  readonly applied: (...params: unknown[]) => unknown;
}

/**
 * Wraps `loader` as `declaring` says, `defaultName` being the name its field is derived from, `loaderName` the
 * loader's `name` when the caller read it (a function's `name` is read by a call into the engine).
 */
function wrapLoader(declaring: Declaring, loader: unknown, defaultName: string, loaderSite: DefinitionSite | undefined, loaderName?: unknown): AnyFunction {
  if (typeof loader !== 'function') {
    throw new TypeError(`fieldDependency: can only wrap a function; received ${describe(loader)}`);
  }
  if (dependencyOf(loader) !== undefined) {
    throw new TypeError(`fieldDependency: '${loader.name || defaultName}' is already wrapped by fieldDependency; remove one of the two wrappers`);
  }
  declaring.wrappedBefore = true;
  ensureMetricsRegistered();
  const { declared, recall, fallback } = declaring;
  const first = loaderSite === declaring.site;
  const repeated = first ? declared.wrapped : undefined;
  if (repeated !== undefined && repeated.defaultName === defaultName && (recall === 'same' ? repeated.repeat !== undefined : repeated.repeat === 'warned')) {
    // The same site, name and options as before: the same dependency, its flag key already claimed, no warning due.
    deciderDeclared(repeated.dependency);
    return guardLoader(loader as AnyFunction, repeated.dependency, fallback, loaderName);
  }
  const { owner, name, timeoutMs, decider, concurrencyLimit, values } = declared;
  // `tier: 0` or `1` alone declares a critical dependency; validation rejects a `tier` that contradicts `critical`.
  const critical = declared.critical ?? (declared.tier !== undefined && declared.tier <= 1);
  const tier = declared.tier ?? (critical ? 1 : 2);
  const field = name ?? claimField(owner, fieldNameOf({ functionName: defaultName, holder: loaderSite?.holder, owner }), loaderSite);
  const declaration: DependencyDeclaration = {
    field,
    owner,
    critical,
    tier,
    type: values.label,
    timeoutMs,
    breaker: declaring.breaker ?? (critical ? false : {}),
    decider: decider ?? deciderKey(owner, field),
    concurrencyLimit,
  };
  // The site of a declaration that disagrees with an earlier one, for its warning (once per site).
  const dependency = dependencyFor(declaration, values, () => loaderSite ?? definitionSiteOf(declaring.applied));
  claimDeciderKey(dependency);
  // Declared after the provider was ready: its decider is read now rather than at the next refresh.
  deciderDeclared(dependency);
  if (first) declared.wrapped = { defaultName, dependency, repeat: repeatOutcome(dependency, declaration, loaderSite?.key) };
  return guardLoader(loader as AnyFunction, dependency, fallback, loaderName);
}

/** How a TC39 decorator context's `kind` reads in an error message. */
const DECORATED_KINDS: Readonly<Record<string, string>> = {
  getter: 'a getter',
  setter: 'a setter',
  field: 'a field',
  accessor: 'an auto-accessor',
  class: 'a class',
};

function isPropertyKey(value: unknown): value is string | symbol {
  return typeof value === 'string' || typeof value === 'symbol';
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function isPropertyDescriptor(value: unknown): value is PropertyDescriptor {
  return typeof value === 'object' && value !== null && ('value' in value || 'get' in value || 'set' in value);
}

function isDecoratorContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'name' in value;
}
