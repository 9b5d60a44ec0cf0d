import { Registry } from 'prom-client';
import { findDependencies } from '../core/findDependencies.js';
import { allDependencies } from '../core/dependencyRegistry.js';
import type { InjectedFault } from '../core/InjectedFault.js';
import { resetEndpointIds } from '../counters/endpointIds.js';
import { configure } from '../metrics/metricsRegistry.js';
import { refreshDeciders as readDecidersNow } from '../deciders/decidersInUse.js';

/**
 * A fault to force onto a dependency instead of calling its loader: `'error'` (rejects), `'hang'`
 * (never settles: the timeout, if any, fires), or an object with the error to throw or the invalid
 * value to resolve with.
 */
export type Fault = 'error' | 'hang' | InjectedFault;

/**
 * Makes every call of `field` (of `owner`, when given) fail with `fault` instead of calling the loader,
 * through the same timeouts, breaker, metrics and events as a real failure. Returns a function that
 * removes the fault.
 *
 * @example
 * const restore = injectFault('shopping', 'error');
 * // … the page renders without shopping …
 * restore();
 */
export function injectFault(field: string, fault: Fault, owner?: string): () => void {
  const injected: InjectedFault =
    fault === 'error' ? { kind: 'error', error: new Error(`fault injected into '${field}'`) } : fault === 'hang' ? { kind: 'hang' } : fault;
  const targets = findDependencies(field, owner);
  for (const dependency of targets) dependency.fault = injected;
  return () => {
    for (const dependency of targets) if (dependency.fault === injected) dependency.fault = undefined;
  };
}

/**
 * Zeroes every counter, closes every breaker (except those stopped by `shutdownFieldDependencies()`), sets
 * adaptive concurrency limits back to their `initial` value (the calls in flight stay counted), and removes
 * faults and `disableDependency` switches.
 */
export function resetFieldDependencies(): void {
  for (const dependency of allDependencies()) {
    dependency.stats.reset();
    dependency.fault = undefined;
    dependency.disabled = false;
    dependency.limiter?.resetLimit();
    // A breaker stopped by shutdownFieldDependencies() stays stopped: close() would revive it half-way.
    dependency.resetBreaker();
  }
  resetEndpointIds();
}

/**
 * A new prom-client registry with this library's metrics on it, and every counter at zero: call it in
 * `beforeEach` to assert exact metric values.
 */
export function useFreshMetricsRegistry(): Registry {
  const registry = new Registry();
  configure({ registry });
  resetFieldDependencies();
  return registry;
}

/**
 * Reads every decider from the client given to `configure({ deciders })` now, and resolves once the
 * values are in force (a read that does not answer resolves it at its deadline, `deciderReadTimeoutMs`):
 * in a test, after changing a flag, instead of waiting for the provider's event.
 *
 * @example
 * provider.putConfiguration({ 'field-dependency.shopping.shopping': { variants: { off: 0 }, defaultVariant: 'off', disabled: false } });
 * await refreshDeciders();
 */
export function refreshDeciders(): Promise<void> {
  return readDecidersNow();
}
