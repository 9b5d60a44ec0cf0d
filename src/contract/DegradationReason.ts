/**
 * Why a dependency did not deliver its value. Every degradation is counted under exactly one reason.
 *
 * - `error`: the loader threw or rejected.
 * - `timeout`: the loader did not settle within `timeoutMs`.
 * - `breaker_open`: the circuit breaker is open (or shedding load), so the loader was not called.
 * - `invalid_result`: the loader resolved with a value that breaks the declared type (not a Map, wrong length, …).
 * - `partial`: in `[T]` mode, some keys came back as `Error`; only those keys got the empty value.
 * - `disabled`: the dependency was switched off with {@link disableDependency}.
 * - `shed`: brownout left the call out to protect the API (the process is overloaded), or the
 *   dependency's concurrency limit was reached; the loader was not called.
 */
export type DegradationReason = 'error' | 'timeout' | 'breaker_open' | 'invalid_result' | 'partial' | 'disabled' | 'shed';

/** Every {@link DegradationReason}, in the order metrics list them. */
export const DEGRADATION_REASONS: readonly DegradationReason[] = Object.freeze([
  'error',
  'timeout',
  'breaker_open',
  'invalid_result',
  'partial',
  'disabled',
  'shed',
]);
