import type { Aggregator, Metric, MetricValueWithName } from 'prom-client';

/** The metric types this library publishes, as written in the exposition's `# TYPE` line. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One sample: labels, value, and for histogram series the full name (`…_bucket`, `…_sum`, `…_count`). */
export type Sample = MetricValueWithName<string>;

/**
 * A prom-client metric whose samples are read from plain counters when the registry is scraped, so the
 * hot path never calls prom-client. It implements the interface the registry reads (`name`, `help`,
 * `type`, `aggregator`, `get()`, `reset()`), like prom-client's own classes.
 */
export class ScrapedMetric {
  /** Not readonly: an OpenMetrics registry rewrites counter names (drops `_total`) when it scrapes. */
  name: string;
  /** The name as registered, whatever an OpenMetrics registry did to {@link name}: the registry's key for it. */
  readonly registeredName: string;
  readonly help: string;
  readonly type: MetricType;
  readonly aggregator: Aggregator;
  readonly labelNames: readonly string[];
  private readonly read: () => Sample[];
  private readonly resetAll: () => void;

  constructor(spec: {
    name: string;
    help: string;
    type: MetricType;
    labelNames: readonly string[];
    read: () => Sample[];
    reset: () => void;
  }) {
    this.name = spec.name;
    this.registeredName = spec.name;
    this.help = spec.help;
    this.type = spec.type;
    this.aggregator = spec.type === 'gauge' ? 'max' : 'sum';
    this.labelNames = spec.labelNames;
    this.read = spec.read;
    this.resetAll = spec.reset;
  }

  /** The samples, read now (called by the registry on every scrape). */
  async get(): Promise<{ name: string; help: string; type: MetricType; aggregator: Aggregator; values: Sample[] }> {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.read() };
  }

  /** Zeroes the counters behind the metric (`registry.resetMetrics()`). */
  reset(): void {
    this.resetAll();
  }

  /**
   * This object as the registry's parameter type, which names prom-client's own classes only. Restores
   * the registered name first, so a metric moved off an OpenMetrics registry keeps its `_total`.
   */
  asRegistryMetric(): Metric {
    this.name = this.registeredName;
    return this as unknown as Metric;
  }
}
