import type { DependencyTier } from '../contract/brownoutClasses.js';

/**
 * The opossum options a dependency's breaker accepts (opossum's names, meanings and units). Declared here
 * rather than borrowed from `@types/opossum`, so that the published types need no type package in a
 * production install; `createBreaker` hands them to opossum, so the compiler checks that they still fit.
 * Not accepted: `timeout` and `abortController` (use `timeoutMs`, which cancels each call on its own
 * signal: opossum's controller is shared by every call in flight), `name` and `group` (set from field and
 * owner), and opossum's result `cache` (a cached answer would hide both the upstream and its recovery).
 */
export interface BreakerOptions {
  /**
   * Open when at least this percentage of the calls in the rolling window failed.
   * @default 50
   */
  readonly errorThresholdPercentage?: number | undefined;
  /**
   * The fewest calls in the rolling window before the breaker may open.
   * @default 20
   */
  readonly volumeThreshold?: number | undefined;
  /**
   * Milliseconds after opening before one call is let through to probe the upstream (half-open).
   * At most 2^31 − 1.
   * @default 10000
   */
  readonly resetTimeout?: number | undefined;
  /**
   * The rolling window's length, in milliseconds. At most 2^31 − 1.
   * @default 10000
   */
  readonly rollingCountTimeout?: number | undefined;
  /**
   * The number of buckets the rolling window is divided into.
   * @default 10
   */
  readonly rollingCountBuckets?: number | undefined;
  /**
   * The most calls in flight at once; more are refused (reason `breaker_open`).
   * @default Number.MAX_SAFE_INTEGER
   */
  readonly capacity?: number | undefined;
  /**
   * Whether the breaker starts enabled; a disabled breaker lets every call through.
   * @default true
   */
  readonly enabled?: boolean | undefined;
  /**
   * Let failures during the first rolling window pass without opening.
   * @default false
   */
  readonly allowWarmUp?: boolean | undefined;
  /**
   * `true` for an error that should not count against the upstream (a 404, say). The call still falls
   * back (it failed), but the breaker does not count it.
   * @default none: every failure counts
   */
  readonly errorFilter?: ((error: unknown) => boolean) | undefined;
}

/**
 * An adaptive concurrency limit (`concurrencyLimit: { adaptive: true }`): the limit falls when the
 * dependency's latency rises beyond `tolerance` times its normal, or when its calls time out or fail, and
 * grows back when the latency returns. See docs/brownout.md, "Concurrency limit".
 */
export interface AdaptiveConcurrencyLimit {
  /** Adapt the limit to the dependency's latency. */
  readonly adaptive: true;
  /**
   * The limit before any latency was measured: a whole number from `min` to `max`.
   * @default `max`: the limit starts open and only falls when the latency rises
   */
  readonly initial?: number | undefined;
  /**
   * The lowest the limit falls to: a whole number, 1 or more.
   * @default 1
   */
  readonly min?: number | undefined;
  /**
   * The highest the limit grows to: a whole number, `min` or more.
   * @default 200
   */
  readonly max?: number | undefined;
  /**
   * How many times its normal latency the dependency may take before its limit falls: a number greater than 1.
   * @default 2
   */
  readonly tolerance?: number | undefined;
}

/** The `concurrencyLimit` option: a fixed number of calls in flight (a whole number, 1 or more), or an adaptive limit. */
export type ConcurrencyLimit = number | AdaptiveConcurrencyLimit;

/** The defaults of an {@link AdaptiveConcurrencyLimit} (`initial` defaults to `max`). */
export const ADAPTIVE_CONCURRENCY_DEFAULTS = Object.freeze({ min: 1, max: 200, tolerance: 2 });

/** Options of `fieldDependency(type, options)`. Validated once, when the decorator or wrapper is created. */
export interface FieldDependencyOptions<Args extends readonly unknown[] = readonly unknown[], Value = unknown> {
  /**
   * The owning team, used to route alerts: `^[a-z0-9][a-z0-9._-]*$`, case-insensitive.
   */
  readonly owner: string;
  /**
   * `true`: failures propagate as `FieldDependencyError` (the response fails); still instrumented.
   * @default false
   */
  readonly critical?: boolean | undefined;
  /**
   * How optional the dependency is, after the tiers of services: 0 and 1 may take the site down (a critical
   * dependency, never shed), 2 and 3 may not. Under brownout (`configure({ brownout })`) tier 3 is shed
   * first, then tier 2. `tier: 0` or `1` alone means `critical: true`; `critical: true` with tier 2 or 3, or
   * `critical: false` with tier 0 or 1, is a `TypeError`. See docs/brownout.md.
   * @default 1 for a critical dependency, else 2
   */
  readonly tier?: DependencyTier | undefined;
  /**
   * The field's name in metrics, reports and the `x-degraded-fields` header.
   * @default the method's or function's name (an anonymous function: the owner)
   */
  readonly name?: string | undefined;
  /**
   * Past this many milliseconds the call settles with the fallback (or fails, if critical) and the
   * loader's `AbortSignal` (see `currentSignal()`) is aborted.
   * @default none
   */
  readonly timeoutMs?: number | undefined;
  /**
   * opossum options for this dependency's circuit breaker, or `false` for none.
   * @default on, with {@link DEFAULT_BREAKER_OPTIONS}, for a non-critical dependency; off for a critical one
   */
  readonly breaker?: BreakerOptions | false | undefined;
  /**
   * Builds the value to fall back to when `type` cannot express it. Receives the call's arguments and
   * the cause (an unknown thrown value). If it throws, the empty value of `type` is used and the error
   * is published with the degradation.
   * @default the fresh empty value of `type`
   */
  readonly fallback?: ((args: Args, error: unknown) => Value) | undefined;
  /**
   * The OpenFeature flag key of this dependency's decider (a 0–100 percentage or a boolean, read from the
   * client given to `configure({ deciders })`), or `false` for no decider. See docs/deciders.md.
   * @default `field-dependency.<owner>.<field>`
   */
  readonly decider?: string | false | undefined;
  /**
   * The most calls (batches) of this dependency in flight at once: a fixed number, or
   * `{ adaptive: true }` for a limit that falls when its latency rises beyond its normal. A call beyond
   * the limit answers the fallback at once, reason `shed`, instead of waiting for `timeoutMs`.
   * Non-critical dependencies only (a critical one is never shed). See docs/brownout.md, "Concurrency limit".
   * @default none: no limit
   */
  readonly concurrencyLimit?: ConcurrencyLimit | undefined;
}

/** Breaker settings used when `breaker` is not given (opossum's own default opens after a single failure). */
export const DEFAULT_BREAKER_OPTIONS = Object.freeze({
  /** Open when at least half of the calls in the rolling window failed… */
  errorThresholdPercentage: 50,
  /** …and the window has seen at least this many calls. */
  volumeThreshold: 20,
  /** The rolling window, in milliseconds. */
  rollingCountTimeout: 10_000,
  /** Try one call again this long after opening. */
  resetTimeout: 10_000,
}) satisfies BreakerOptions;
