import type { DegradationReason } from '../contract/DegradationReason.js';
import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.FieldDependencyError');

/** Stable error codes, one per {@link DegradationReason}. */
export type FieldDependencyErrorCode = `ERR_FIELD_DEPENDENCY_${Uppercase<DegradationReason>}`;

/**
 * What a critical dependency rejects with (or throws, for a sync loader) when it fails.
 * The original thrown value, whatever it was, is kept as `cause`.
 */
export class FieldDependencyError extends Error {
  /** Stable code derived from the reason, e.g. `ERR_FIELD_DEPENDENCY_TIMEOUT`. */
  readonly code: FieldDependencyErrorCode;
  /** The field's name, as in metrics. */
  readonly field: string;
  /** The owning team. */
  readonly owner: string;
  /** Why the dependency failed. */
  readonly reason: DegradationReason;
  /** Brand read by `isFieldDependencyError`, so that the guard works across copies of this package. */
  readonly [marker] = true;

  constructor(details: { field: string; owner: string; reason: DegradationReason; cause: unknown }) {
    super(
      `field dependency '${details.field}' (owner '${details.owner}') failed: ${details.reason}: ${describeCause(details.cause)}`,
      { cause: details.cause },
    );
    this.name = 'FieldDependencyError';
    this.code = `ERR_FIELD_DEPENDENCY_${details.reason.toUpperCase() as Uppercase<DegradationReason>}`;
    this.field = details.field;
    this.owner = details.owner;
    this.reason = details.reason;
  }
}

/** True when `error` is a {@link FieldDependencyError}, also across copies of this package. */
export function isFieldDependencyError(error: unknown): error is FieldDependencyError {
  return hasBrand(error, marker);
}

/** The cause in the message; never throws, even for a value whose every property read throws (a Proxy). */
function describeCause(cause: unknown): string {
  try {
    if (cause instanceof Error) return cause.message;
    return typeof cause === 'string' ? cause : String(JSON.stringify(cause) ?? cause);
  } catch {
    try {
      return Object.prototype.toString.call(cause);
    } catch {
      return 'a value that throws when inspected';
    }
  }
}
