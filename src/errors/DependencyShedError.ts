import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.DependencyShedError');

/**
 * Who shed a call: the process's brownout (the API itself is overloaded; see `configure({ brownout })`),
 * or the dependency's own concurrency limit (its upstream has too many batches in flight).
 */
export type ShedBy = 'brownout' | 'concurrency_limit';

/** The `cause` of a `shed` degradation: the loader was not called, to protect the API or the upstream. */
export class DependencyShedError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_SHED';
  /** Brand read by `isDependencyShedError`, so that the guard works across copies of this package. */
  readonly [marker] = true;
  /** What shed the call. */
  readonly shedBy: ShedBy;

  constructor(field: string, owner: string, shedBy: ShedBy) {
    // Shedding refuses calls by the thousand under overload: no stack trace (always the guard's), whose
    // capture would cost more than the refusal itself.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(
      shedBy === 'brownout'
        ? `field dependency '${field}' (owner '${owner}') was shed by brownout (the API is overloaded), the loader was not called`
        : `field dependency '${field}' (owner '${owner}') was shed: its concurrency limit was reached, the loader was not called`,
    );
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'DependencyShedError';
    this.shedBy = shedBy;
  }
}

/** True when `error` is a {@link DependencyShedError}. */
export function isDependencyShedError(error: unknown): error is DependencyShedError {
  return hasBrand(error, marker);
}
