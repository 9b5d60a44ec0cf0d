import type { DegradationReason } from '../contract/DegradationReason.js';
import { isDependencyTimeoutError } from '../errors/DependencyTimeoutError.js';
import { isInvalidResultError } from '../errors/InvalidResultError.js';

/**
 * The reason a failure counts as: `timeout` for this field's own {@link DependencyTimeoutError},
 * `invalid_result` for an {@link InvalidResultError}, else `error`. Never throws: a thrown value that
 * throws when looked at (a Proxy) is an `error`.
 */
export function classifyFailure(error: unknown, field: string): DegradationReason {
  try {
    if (isDependencyTimeoutError(error) && error.field === field) return 'timeout';
    if (isInvalidResultError(error)) return 'invalid_result';
  } catch {
    // A value whose property reads throw: nothing more to learn from it.
  }
  return 'error';
}
