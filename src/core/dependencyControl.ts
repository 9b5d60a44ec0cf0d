import { allDependencies, dependenciesNamed } from './dependencyRegistry.js';
import type { Dependency } from './Dependency.js';

/**
 * The dependencies called `field` (and of `owner`, when given); throws a `TypeError` listing the
 * declared fields when there is none.
 */
export function findDependencies(field: string, owner?: string): Dependency[] {
  const found = dependenciesNamed(field, owner);
  if (found.length === 0) {
    const known = allDependencies().map((dependency) => `${dependency.field} (${dependency.owner})`);
    throw new TypeError(
      `field-dependency: no dependency named '${field}'${owner === undefined ? '' : ` of owner '${owner}'`} is declared; declared: ${known.join(', ') || 'none'}`,
    );
  }
  return found;
}

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
