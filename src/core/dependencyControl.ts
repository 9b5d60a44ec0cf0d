import { findDependencies } from './findDependencies.js';

/**
 * Switches a dependency off: its calls answer with the fallback (reason `disabled`) without calling the
 * loader, until {@link enableDependency}. For operators shedding a failing upstream by hand.
 */
export function disableDependency(field: string, owner?: string): void {
  for (const dependency of findDependencies(field, owner)) dependency.disabled = true;
}

/** Switches a dependency back on after {@link disableDependency}. */
export function enableDependency(field: string, owner?: string): void {
  for (const dependency of findDependencies(field, owner)) dependency.disabled = false;
}
