import type { DependencyTier } from '../contract/brownoutClasses.js';
import type { Dependency } from './Dependency.js';
import type { EmptyValues } from '../fallback/emptyValues.js';
import type { FallbackFactory } from '../guard/Guard.js';
import { isDeepStrictEqual } from 'node:util';
import type { BreakerOptions, ConcurrencyLimit } from '../options/FieldDependencyOptions.js';

/**
 * One declaration as `fieldDependency` validated it, kept per definition site (or per explicit `name` and
 * owner) so that the same site declaring again, as a per-request loader factory does, skips validation and
 * the registry: docs/declaring.md, "Names and identity", says what the site decides.
 */
export interface RememberedDeclaration {
  /** The `type` argument as given: a constructor, `null`, or `[T]` (compared by its element). */
  readonly type: unknown;
  /** The options' own enumerable keys, in order, as validation saw them. */
  readonly keys: readonly string[];
  readonly owner: string;
  readonly name: string | undefined;
  readonly critical: boolean | undefined;
  readonly tier: DependencyTier | undefined;
  readonly timeoutMs: number | undefined;
  readonly decider: string | false | undefined;
  readonly fallback: FallbackFactory | undefined;
  /** The `breaker` option as given, for comparison: `undefined`, `false`, or its keys and values. */
  readonly breaker: false | undefined | { readonly keys: readonly string[]; readonly values: readonly unknown[] };
  /** The `breaker` option as declared: a copy, so that later changes to the caller's object cannot bypass validation. */
  readonly breakerOptions: BreakerOptions | false | undefined;
  /** The `concurrencyLimit` option as declared: a frozen copy. */
  readonly concurrencyLimit: ConcurrencyLimit | undefined;
  readonly values: EmptyValues;
  /** The first application of the wrapper made by this declaration, once made. */
  wrapped: RememberedWrap | undefined;
  /** What recallDeclaration answers for options equal to these (`'same'`), made the first time: not one object per declaration. */
  same: Recalled | undefined;
}

/** A remembered declaration, and how the options declaring it again compared with it. */
export interface Recalled {
  readonly declaration: RememberedDeclaration;
  readonly recall: Recall;
}

/** What the first application of a remembered declaration resolved to. */
export interface RememberedWrap {
  /** The name the field was derived from (the method's or function's name). */
  readonly defaultName: string;
  readonly dependency: Dependency;
  /**
   * How declaring the same again resolves: `'same'` options as the dependency's, or `'warned'` (the site was
   * already warned about options that differ): either way to `dependency` and without a new warning.
   * `undefined` when a repeat could warn (then it takes the full path).
   */
  readonly repeat: 'same' | 'warned' | undefined;
}

/**
 * How `options` and `type` compare with a remembered declaration: `'same'` (equal keys and values; a new
 * `fallback` function counts as equal), or `'functions'` (equal but for other functions in `breaker`, such
 * as an inline `errorFilter` closure made per request). Anything else is not recalled.
 */
export type Recall = 'same' | 'functions';

/** The declarations remembered per definition site (its key). */
const bySite = new Map<string, RememberedDeclaration>();
/**
 * The declarations with an explicit `name`, per owner then name: two lookups of the strings as written, where one
 * key built per declaration would be a new string to hash each time.
 */
const byName = new Map<string, Map<string, RememberedDeclaration>>();

/**
 * The declaration remembered for `siteKey` (or, without one, for the explicit `name` and owner of `options`), with
 * how `type` and `options` compare with it; `undefined` when none is remembered or they differ.
 */
export function recallDeclaration(
  siteKey: string | undefined,
  type: unknown,
  options: unknown,
): Recalled | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const given = options as Record<string, unknown>;
  const declaration = siteKey !== undefined ? bySite.get(siteKey) : rememberedByName(given.owner, given.name);
  if (declaration === undefined || !sameType(declaration.type, type) || !sameOwnKeys(declaration.keys, given)) return undefined;
  const { owner, critical, tier, name, timeoutMs, breaker, fallback, decider, concurrencyLimit } = given;
  if (
    owner !== declaration.owner ||
    critical !== declaration.critical ||
    tier !== declaration.tier ||
    name !== declaration.name ||
    !Object.is(timeoutMs, declaration.timeoutMs) ||
    decider !== declaration.decider ||
    (concurrencyLimit !== declaration.concurrencyLimit && !isDeepStrictEqual(concurrencyLimit, declaration.concurrencyLimit)) ||
    !sameFallback(declaration.fallback, fallback)
  ) {
    return undefined;
  }
  const recall = compareBreaker(declaration.breaker, breaker);
  if (recall === 'same') return (declaration.same ??= { declaration, recall });
  return recall === undefined ? undefined : { declaration, recall };
}

function rememberedByName(owner: unknown, name: unknown): RememberedDeclaration | undefined {
  return typeof name === 'string' && typeof owner === 'string' ? byName.get(owner)?.get(name) : undefined;
}

/**
 * The declaration of validated `type` and `options`, remembered for `siteKey` or, without one, for its explicit
 * `name` and owner (replacing what was there: a site's latest options are kept), unless it has neither or the
 * `breaker` option has symbol keys.
 */
export function rememberDeclaration(siteKey: string | undefined, type: unknown, options: Record<string, unknown>, values: EmptyValues): RememberedDeclaration {
  const breaker = options.breaker as BreakerOptions | false | undefined;
  const declaration: RememberedDeclaration = {
    type: Array.isArray(type) ? [...(type as unknown[])] : type,
    keys: Object.keys(options),
    owner: options.owner as string,
    name: options.name as string | undefined,
    critical: options.critical as boolean | undefined,
    tier: options.tier as DependencyTier | undefined,
    timeoutMs: options.timeoutMs as number | undefined,
    decider: options.decider as string | false | undefined,
    fallback: options.fallback as FallbackFactory | undefined,
    breaker: typeof breaker === 'object' && breaker !== null ? snapshotBreaker(breaker) : (breaker as false | undefined),
    breakerOptions: copyBreaker(breaker),
    concurrencyLimit: copyConcurrencyLimit(options.concurrencyLimit),
    values,
    wrapped: undefined,
    same: undefined,
  };
  if (breaker !== undefined && breaker !== false && Object.getOwnPropertySymbols(breaker).length > 0) return declaration;
  const { owner, name } = declaration;
  if (siteKey !== undefined) bySite.set(siteKey, declaration);
  else if (typeof name === 'string') {
    let named = byName.get(owner);
    if (named === undefined) byName.set(owner, (named = new Map()));
    named.set(name, declaration);
  }
  return declaration;
}

/** A copy of the `breaker` option as given, read once. */
export function copyBreaker(breaker: unknown): BreakerOptions | false | undefined {
  return typeof breaker === 'object' && breaker !== null ? { ...(breaker as BreakerOptions) } : (breaker as false | undefined);
}

/** A frozen copy of the validated `concurrencyLimit` option, read once. */
function copyConcurrencyLimit(limit: unknown): ConcurrencyLimit | undefined {
  return typeof limit === 'object' && limit !== null ? Object.freeze({ ...(limit as ConcurrencyLimit & object) }) : (limit as number | undefined);
}

function sameType(remembered: unknown, type: unknown): boolean {
  if (!Array.isArray(remembered)) return remembered === type && !Array.isArray(type);
  return Array.isArray(type) && type.length === 1 && remembered[0] === type[0];
}

function sameKeys(remembered: readonly string[], keys: readonly string[]): boolean {
  if (remembered.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index++) if (remembered[index] !== keys[index]) return false;
  return true;
}

/**
 * Whether `given`'s own enumerable keys are `remembered`, in order, read without the array `Object.keys` makes: an
 * enumerable inherited key (which `Object.keys` leaves out) answers `false`, as does any other difference.
 */
function sameOwnKeys(remembered: readonly string[], given: object): boolean {
  let index = 0;
  for (const key in given) {
    if (remembered[index] !== key || !Object.hasOwn(given, key)) return false;
    index++;
  }
  return index === remembered.length;
}

/** A new `fallback` function is as good as the remembered one when it passes the same check (a plain function, not async). */
function sameFallback(remembered: unknown, fallback: unknown): boolean {
  if (fallback === remembered) return true;
  return typeof remembered === 'function' && typeof fallback === 'function' && Object.prototype.toString.call(fallback) !== '[object AsyncFunction]';
}

function snapshotBreaker(breaker: object): { keys: readonly string[]; values: readonly unknown[] } {
  const record = breaker as Record<string, unknown>;
  const keys = Object.keys(record);
  // `resetTimeout` and `rollingCountTimeout` are validated even when not enumerable: keep what validation read.
  return { keys, values: [...keys.map((key) => record[key]), record.resetTimeout, record.rollingCountTimeout] };
}

function compareBreaker(remembered: RememberedDeclaration['breaker'], breaker: unknown): Recall | undefined {
  if (remembered === undefined || remembered === false) return breaker === remembered ? 'same' : undefined;
  if (typeof breaker !== 'object' || breaker === null || Array.isArray(breaker)) return undefined;
  const record = breaker as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!sameKeys(remembered.keys, keys) || Object.getOwnPropertySymbols(record).length > 0) return undefined;
  let recall: Recall = 'same';
  const values = [...keys.map((key) => record[key]), record.resetTimeout, record.rollingCountTimeout];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const before = remembered.values[index];
    if (Object.is(value, before)) continue;
    if (typeof value !== 'function' || typeof before !== 'function') return undefined;
    recall = 'functions';
  }
  return recall;
}
