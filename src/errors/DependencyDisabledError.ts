import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.DependencyDisabledError');

/** The decider that refused a call: its flag key and the percentage it let through. */
export interface RefusingDecider {
  /** The decider's flag key. */
  readonly key: string;
  /** The percentage of calls it let through (0–100). */
  readonly percent: number;
}

/**
 * The `cause` of a `disabled` degradation: the dependency was switched off with `disableDependency`, or
 * its decider (then {@link DependencyDisabledError.decider} says which, at what percentage) left this call out.
 */
export class DependencyDisabledError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_DISABLED';
  /** Brand read by `isDependencyDisabledError`, so that the guard works across copies of this package. */
  readonly [marker] = true;
  /** The decider that refused the call; `undefined` when `disableDependency` switched the dependency off. */
  readonly decider: RefusingDecider | undefined;

  constructor(field: string, owner: string, decider?: RefusingDecider) {
    // A decider below 100 refuses a share of every call, possibly all of them during an incident: its
    // error carries no stack trace (always the guard's), whose capture would cost more than the refusal.
    const stackTraceLimit = Error.stackTraceLimit;
    if (decider !== undefined) Error.stackTraceLimit = 0;
    super(
      decider === undefined
        ? `field dependency '${field}' (owner '${owner}') is disabled, the loader was not called`
        : `field dependency '${field}' (owner '${owner}') is at ${decider.percent}% by its decider '${decider.key}' and this call was left out, the loader was not called`,
    );
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'DependencyDisabledError';
    this.decider = decider;
  }
}

/** True when `error` is a {@link DependencyDisabledError}. */
export function isDependencyDisabledError(error: unknown): error is DependencyDisabledError {
  return hasBrand(error, marker);
}
