import { register as defaultRegistry, type Registry, type RegistryContentType } from 'prom-client';
import type { DeciderClient } from '../deciders/DeciderClient.js';
import { DEFAULT_DECIDER_READ_TIMEOUT_MS, DEFAULT_DECIDER_REFRESH_MS } from '../deciders/DeciderSync.js';
import { useDeciders } from '../deciders/decidersInUse.js';
import { describe } from '../fallback/emptyValues.js';
import { createDeciderMetrics } from './deciderMetrics.js';
import { createBrownoutMetrics } from './brownoutMetrics.js';
import { resolveBrownoutOptions, type BrownoutOptions, type BrownoutSettings } from '../brownout/BrownoutOptions.js';
import { stopBrownout, useBrownout } from '../brownout/brownoutInUse.js';
import { setMaxEndpoints } from '../counters/endpointIds.js';
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
   * How many distinct endpoints get their own `endpoint` label, per source (route templates; GraphQL
   * operation names); the rest count as `__other__`.
   * @default 200
   */
  readonly maxEndpoints?: number | undefined;
  /**
   * An OpenFeature server client (`OpenFeature.getClient()`) to read each dependency's decider from
   * (see docs/deciders.md), or `false` to stop reading them and let every call through again.
   * @default none: no deciders
   */
  readonly deciders?: DeciderClient | false | undefined;
  /**
   * How often deciders are read again when the provider sends no configuration-changed event, in milliseconds.
   * @default 5000
   */
  readonly deciderRefreshMs?: number | undefined;
  /**
   * How long one decider flag read may take, in milliseconds. A read that has not answered by then counts
   * in `field_dependency_decider_errors_total` and leaves the value in force as it was (100 for a flag
   * never read); the other flags do not wait for it.
   * @default 1000
   */
  readonly deciderReadTimeoutMs?: number | undefined;
  /**
   * The process's brownout controller (docs/brownout.md): when the API itself is overloaded (request latency
   * above `targetLatencyMs`, event-loop delay above `maxEventLoopDelayMs`, or its utilisation above
   * `maxEventLoopUtilization`), it sheds optional calls by
   * dependency tier and request priority, and restores them by itself when the load is gone. `false` turns it
   * off (full service at once). Calling `configure` again with other options keeps the level in force.
   * @default off
   */
  readonly brownout?: BrownoutOptions | false | undefined;
}

/** Node's largest timer delay (a longer one fires after 1 ms, with a warning). */
const MAX_TIMER_MS = 2_147_483_647;

let target: Registry<RegistryContentType> = defaultRegistry;
let metrics: ScrapedMetric[] | undefined;
let deciderMetrics: ScrapedMetric[] | undefined;
let brownoutMetrics: ScrapedMetric[] | undefined;
let deciderRefreshMs = DEFAULT_DECIDER_REFRESH_MS;
let deciderReadTimeoutMs = DEFAULT_DECIDER_READ_TIMEOUT_MS;

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
  const { registry, maxEndpoints, deciders, brownout } = options;
  // Everything is checked before anything changes: a rejected call leaves the configuration as it was.
  if (maxEndpoints !== undefined && (!Number.isInteger(maxEndpoints) || maxEndpoints < 1)) {
    throw new TypeError(`configure: option \`maxEndpoints\` must be a whole number of at least 1; received ${describe(maxEndpoints)}`);
  }
  if (registry !== undefined && (typeof registry !== 'object' || registry === null || typeof registry.registerMetric !== 'function')) {
    throw new TypeError(`configure: option \`registry\` must be a prom-client Registry; received ${describe(registry)}`);
  }
  if (options.deciderRefreshMs !== undefined && (!Number.isInteger(options.deciderRefreshMs) || options.deciderRefreshMs < 100)) {
    throw new TypeError(`configure: option \`deciderRefreshMs\` must be a whole number of milliseconds, at least 100; received ${describe(options.deciderRefreshMs)}`);
  }
  if (options.deciderReadTimeoutMs !== undefined && (!Number.isInteger(options.deciderReadTimeoutMs) || options.deciderReadTimeoutMs < 1 || options.deciderReadTimeoutMs > MAX_TIMER_MS)) {
    throw new TypeError(
      `configure: option \`deciderReadTimeoutMs\` must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}; received ${describe(options.deciderReadTimeoutMs)}`,
    );
  }
  if (deciders !== undefined && deciders !== false && !isDeciderClient(deciders)) {
    throw new TypeError(
      `configure: option \`deciders\` must be an OpenFeature client (OpenFeature.getClient() from @openfeature/server-sdk) or false; received ${describe(deciders)}`,
    );
  }
  // Spelled out rather than narrowed, so that it compiles without strictNullChecks too (the loose type tests).
  let brownoutSettings: BrownoutSettings | false | undefined;
  if (brownout === false) brownoutSettings = false;
  else if (brownout !== undefined) brownoutSettings = resolveBrownoutOptions(brownout);
  if (maxEndpoints !== undefined) setMaxEndpoints(maxEndpoints);
  if (options.deciderRefreshMs !== undefined) deciderRefreshMs = options.deciderRefreshMs;
  if (options.deciderReadTimeoutMs !== undefined) deciderReadTimeoutMs = options.deciderReadTimeoutMs;
  if (registry !== undefined && registry !== target) {
    const published = [...(metrics ?? []), ...(deciderMetrics ?? []), ...(brownoutMetrics ?? [])];
    for (const metric of published) target.removeSingleMetric(metric.registeredName);
    for (const metric of published) registry.registerMetric(metric.asRegistryMetric());
    target = registry;
  }
  if (deciders !== undefined) {
    if (deciders !== false && deciderMetrics === undefined) {
      deciderMetrics = createDeciderMetrics();
      for (const metric of deciderMetrics) target.registerMetric(metric.asRegistryMetric());
    }
    useDeciders(deciders, { refreshMs: deciderRefreshMs, readTimeoutMs: deciderReadTimeoutMs });
  }
  if (brownoutSettings === false) {
    stopBrownout();
    for (const metric of brownoutMetrics ?? []) target.removeSingleMetric(metric.registeredName);
    brownoutMetrics = undefined;
  } else if (brownoutSettings !== undefined) {
    if (brownoutMetrics === undefined) {
      brownoutMetrics = createBrownoutMetrics();
      for (const metric of brownoutMetrics) target.registerMetric(metric.asRegistryMetric());
    }
    useBrownout(brownoutSettings);
  }
}

/** Whether `value` has the OpenFeature client methods deciders use (the `OpenFeature` API object itself has not). */
function isDeciderClient(value: unknown): value is DeciderClient {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Record<string, unknown>;
  return ['getNumberDetails', 'getBooleanDetails', 'addHandler', 'removeHandler'].every((method) => typeof client[method] === 'function');
}

/** The registry metrics are published on. */
export function metricsRegistry(): Registry<RegistryContentType> {
  return target;
}
