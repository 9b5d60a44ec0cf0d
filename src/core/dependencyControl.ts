import { stopDeciders } from '../deciders/decidersInUse.js';
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

/**
 * Stops every breaker's timers (opossum's rolling window) and the deciders' refresh timer and provider
 * handlers. Timers never keep the process alive; call this on shutdown or between tests so none is left
 * behind. Calls made afterwards go to the loader without a breaker; decider values read so far stay in force.
 */
export function shutdownFieldDependencies(): void {
  stopDeciders();
  for (const dependency of allDependencies()) dependency.circuit?.shutdown();
}
