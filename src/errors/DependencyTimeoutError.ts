import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.DependencyTimeoutError');

/**
 * The reason a loader's `AbortSignal` is aborted with when its `timeoutMs` passes,
 * and the `cause` of the degradation it leads to.
 */
export class DependencyTimeoutError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_TIMEOUT';
  /** The field that timed out. */
  readonly field: string;
  /** The timeout that passed, in milliseconds. */
  readonly timeoutMs: number;
  /** Brand read by `isDependencyTimeoutError`, so that the guard works across copies of this package. */
  readonly [marker] = true;

  constructor(field: string, timeoutMs: number) {
    super(`field dependency '${field}' timed out after ${timeoutMs} ms`);
    this.name = 'DependencyTimeoutError';
    this.field = field;
    this.timeoutMs = timeoutMs;
  }
}

/** True when `error` is a {@link DependencyTimeoutError}. */
export function isDependencyTimeoutError(error: unknown): error is DependencyTimeoutError {
  return hasBrand(error, marker);
}
