import { METRIC_NAMES, CALL_OUTCOMES } from '../../src/contract/metricNames.js';
import { brownoutLevel, shedClasses } from '../load/brownoutLevel.js';
import { httpGet } from '../load/httpGet.js';
import { parsePrometheusText, sumSamples, type PrometheusSample } from '../load/prometheusText.js';
import { UPSTREAM_NAMES, type UpstreamName } from '../pins-api/upstreams/UpstreamName.js';
import type { Clock } from '../load/RequestSample.js';

/** A breaker state, as `field_dependency_breaker_state` publishes it (0, 1, 2). */
export type BreakerState = 'closed' | 'half-open' | 'open';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

/** One owner's counters at one scrape. */
export interface OwnerCounters {
  /** `field_dependency_calls_total`, every outcome. */
  readonly calls: number;
  /** Calls that degraded (non-critical) or failed (critical). */
  readonly degraded: number;
  /** Calls shed by the process's brownout (`outcome="shed"`). */
  readonly shed: number;
  /** The worst state of the owner's breakers; `undefined` when it has none (a critical field). */
  readonly breaker: BreakerState | undefined;
  /** The lowest `field_dependency_decider_percent` of the owner's fields; absent without deciders. */
  readonly decider?: number;
}

/** One scrape of the library API's `/metrics`. */
export interface MetricsSnapshot {
  /** Milliseconds since the demo started. */
  readonly at: number;
  readonly owners: Readonly<Record<UpstreamName, OwnerCounters>>;
  /** The process's brownout at the scrape; absent when brownout is off. */
  readonly brownout?: BrownoutSnapshot;
}

/** The brownout controller's state at one scrape. */
export interface BrownoutSnapshot {
  /** Classes shed, 0 (full service) to 6 (see `brownoutLevel`). */
  readonly level: number;
  /** The classes being shed, most first, as `tier 3/low 100%`. */
  readonly shedClasses: readonly string[];
}

/** A breaker state change seen between two scrapes. */
export interface BreakerTransition {
  readonly at: number;
  readonly owner: UpstreamName;
  readonly from: BreakerState;
  readonly to: BreakerState;
}

/**
 * Scrapes the library API's metrics at a fixed interval, as Prometheus would, and keeps the per-owner
 * counters, the brownout level and the breaker state changes it sees. A breaker that opens and closes
 * between two scrapes (a half-open probe takes a few milliseconds) is not seen.
 */
export class MetricsSampler {
  readonly snapshots: MetricsSnapshot[] = [];
  readonly transitions: BreakerTransition[] = [];
  readonly #scrapeText: () => Promise<string>;
  readonly #clock: Clock;
  #timer: NodeJS.Timeout | undefined;
  #scraping: Promise<void> = Promise.resolve();

  /**
   * `source`: the URL of a `/metrics` endpoint, or a function answering the same text (the demo reads its
   * own process's registry, so that a scrape does not queue behind the requests of an overload).
   */
  constructor(source: string | (() => Promise<string>), clock: Clock) {
    this.#scrapeText = typeof source === 'string' ? async () => (await httpGet(source)).text : source;
    this.#clock = clock;
  }

  /** Scrapes now, then every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    await this.scrape();
    this.#timer = setInterval(() => {
      this.#scraping = this.#scraping.then(() => this.scrape()).catch(() => undefined);
    }, intervalMs);
  }

  /** Stops scraping, after a last scrape. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#scraping;
    await this.scrape();
  }

  /** The latest snapshot. */
  get latest(): MetricsSnapshot | undefined {
    return this.snapshots.at(-1);
  }

  /** The last snapshot taken at or before `at` (ms), if any. */
  snapshotAt(at: number): MetricsSnapshot | undefined {
    for (let index = this.snapshots.length - 1; index >= 0; index--) if ((this.snapshots[index] as MetricsSnapshot).at <= at) return this.snapshots[index];
    return undefined;
  }

  /** Scrapes once, and records the breaker changes since the previous scrape. */
  async scrape(): Promise<void> {
    const samples = parsePrometheusText(await this.#scrapeText());
    const level = brownoutLevel(samples);
    const snapshot: MetricsSnapshot = {
      at: this.#clock(),
      owners: ownerCounters(samples),
      ...(level === undefined ? {} : { brownout: { level, shedClasses: shedClasses(samples) } }),
    };
    const previous = this.latest;
    this.snapshots.push(snapshot);
    if (previous === undefined) return;
    for (const owner of UPSTREAM_NAMES) {
      const from = previous.owners[owner].breaker;
      const to = snapshot.owners[owner].breaker;
      if (from !== undefined && to !== undefined && from !== to) this.transitions.push({ at: snapshot.at, owner, from, to });
    }
  }
}

/** Each owner's counters, from the samples of one scrape. */
export function ownerCounters(samples: readonly PrometheusSample[]): Record<UpstreamName, OwnerCounters> {
  const counters = {} as Record<UpstreamName, OwnerCounters>;
  for (const owner of UPSTREAM_NAMES) {
    const states = samples.filter((sample) => sample.name === 'field_dependency_breaker_state' && sample.labels.owner === owner);
    const worst = states.length === 0 ? undefined : Math.max(...states.map((sample) => sample.value));
    const deciders = samples.filter((sample) => sample.name === 'field_dependency_decider_percent' && sample.labels.owner === owner);
    counters[owner] = {
      ...(deciders.length === 0 ? {} : { decider: Math.min(...deciders.map((sample) => sample.value)) }),
      calls: sumSamples(samples, METRIC_NAMES.calls, { owner }),
      degraded: sumSamples(samples, METRIC_NAMES.calls, { owner, outcome: CALL_OUTCOMES.degraded }) + sumSamples(samples, METRIC_NAMES.calls, { owner, outcome: CALL_OUTCOMES.failed }),
      shed: sumSamples(samples, METRIC_NAMES.calls, { owner, outcome: CALL_OUTCOMES.shed }),
      breaker: worst === undefined ? undefined : BREAKER_STATES[worst],
    };
  }
  return counters;
}
