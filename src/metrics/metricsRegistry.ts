import { register as defaultRegistry, type Registry, type RegistryContentType } from 'prom-client';
import { describe } from '../fallback/emptyValues.js';
import { setMaxEndpoints } from './endpointIds.js';
import { createFieldDependencyMetrics } from './fieldDependencyMetrics.js';
import type { ScrapedMetric } from './ScrapedMetric.js';

/** Options of {@link configure}. */
export interface ConfigureOptions {
  /**
   * The prom-client registry the metrics are published on. Metrics already registered elsewhere move.
   * @default prom-client's default registry (`register`)
   */
  readonly registry?: Registry<RegistryContentType> | undefined;
  /**
   * How many distinct endpoints get their own `endpoint` label; the rest count as `__other__`.
   * @default 200
   */
  readonly maxEndpoints?: number | undefined;
}

let target: Registry<RegistryContentType> = defaultRegistry;
let metrics: ScrapedMetric[] | undefined;

/** Registers the metrics on the configured registry, once (internal: called when the first dependency is declared). */
export function ensureMetricsRegistered(): void {
  if (metrics !== undefined) return;
  metrics = createFieldDependencyMetrics();
  for (const metric of metrics) target.registerMetric(metric.asRegistryMetric());
}

/**
 * Sets where and how metrics are published. Can be called before or after loaders are declared.
 *
 * @example
 * configure({ registry: new Registry() });
 */
export function configure(options: ConfigureOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`configure: options must be an object; received ${describe(options)}`);
  }
  const { registry, maxEndpoints } = options;
  // Everything is checked before anything changes: a rejected call leaves the configuration as it was.
  if (maxEndpoints !== undefined && (!Number.isInteger(maxEndpoints) || maxEndpoints < 1)) {
    throw new TypeError(`configure: option \`maxEndpoints\` must be a whole number of at least 1; received ${describe(maxEndpoints)}`);
  }
  if (registry !== undefined && (typeof registry !== 'object' || registry === null || typeof registry.registerMetric !== 'function')) {
    throw new TypeError(`configure: option \`registry\` must be a prom-client Registry; received ${describe(registry)}`);
  }
  if (maxEndpoints !== undefined) setMaxEndpoints(maxEndpoints);
  if (registry !== undefined && registry !== target) {
    if (metrics !== undefined) {
      for (const metric of metrics) target.removeSingleMetric(metric.registeredName);
      for (const metric of metrics) registry.registerMetric(metric.asRegistryMetric());
    }
    target = registry;
  }
}

/** The registry metrics are published on. */
export function metricsRegistry(): Registry<RegistryContentType> {
  return target;
}
