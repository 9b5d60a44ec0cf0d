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
