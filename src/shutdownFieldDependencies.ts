import { allDependencies } from './core/dependencyRegistry.js';
import { stopDeciders } from './deciders/decidersInUse.js';

/**
 * Stops every breaker's timers (opossum's rolling window) and the deciders' refresh timer and provider
 * handlers. Timers never keep the process alive; call this on shutdown or between tests so none is left
 * behind. Calls made afterwards go to the loader without a breaker; decider values read so far stay in force.
 */
export function shutdownFieldDependencies(): void {
  stopDeciders();
  for (const dependency of allDependencies()) dependency.circuit?.shutdown();
}
