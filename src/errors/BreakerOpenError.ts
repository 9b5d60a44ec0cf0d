import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.BreakerOpenError');

/** The `cause` of a `breaker_open` degradation: the loader was not called because its breaker is open. */
export class BreakerOpenError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_BREAKER_OPEN';
  /** The breaker's own error (opossum's `EOPENBREAKER` or `ESEMLOCKED`). */
  declare readonly cause: unknown;
  /** Brand read by `isBreakerOpenError`, so that the guard works across copies of this package. */
  readonly [marker] = true;

  constructor(field: string, cause: unknown) {
    super(`field dependency '${field}': circuit breaker is open, the loader was not called`, { cause });
    this.name = 'BreakerOpenError';
  }
}

/** True when `error` is a {@link BreakerOpenError}. */
export function isBreakerOpenError(error: unknown): error is BreakerOpenError {
  return hasBrand(error, marker);
}
