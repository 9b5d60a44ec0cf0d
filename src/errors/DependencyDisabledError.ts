import { hasBrand } from './hasBrand.js';

const marker = Symbol.for('field-dependency.DependencyDisabledError');

/** The `cause` of a `disabled` degradation: the dependency was switched off with `disableDependency`. */
export class DependencyDisabledError extends Error {
  /** Stable code. */
  readonly code = 'ERR_FIELD_DEPENDENCY_DISABLED';
  readonly [marker] = true;

  constructor(field: string, owner: string) {
    super(`field dependency '${field}' (owner '${owner}') is disabled, the loader was not called`);
    this.name = 'DependencyDisabledError';
  }
}

/** True when `error` is a {@link DependencyDisabledError}. */
export function isDependencyDisabledError(error: unknown): error is DependencyDisabledError {
  return hasBrand(error, marker);
}
