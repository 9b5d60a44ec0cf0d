import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.InvalidResultError');

/** The `cause` of an `invalid_result` degradation: the loader resolved with a value its declared type does not allow. */
export class InvalidResultError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_INVALID_RESULT';
  /** The value the loader resolved with. */
  readonly result: unknown;
  /** Brand read by `isInvalidResultError`, so that the guard works across copies of this package. */
  readonly [marker] = true;

  constructor(message: string, result: unknown) {
    super(message);
    this.name = 'InvalidResultError';
    this.result = result;
  }
}

/** True when `error` is an {@link InvalidResultError}. */
export function isInvalidResultError(error: unknown): error is InvalidResultError {
  return hasBrand(error, marker);
}
