import { allDependencies } from './core/dependencyRegistry.js';
import { stopDeciders } from './deciders/decidersInUse.js';
import { stopBrownout } from './brownout/brownoutInUse.js';

/**
 * Stops every breaker's timers (opossum's rolling window), the deciders' refresh timer and provider
 * handlers, and the brownout controller's timer (every call is admitted again). Timers never keep the process alive; call this on shutdown or between tests so none is left
 * behind. Calls made afterwards go to the loader without a breaker; decider values read so far stay in force.
 */
export function shutdownFieldDependencies(): void {
  stopDeciders();
  stopBrownout();
  for (const dependency of allDependencies()) dependency.circuit?.shutdown();
}
