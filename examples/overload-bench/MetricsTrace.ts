import { METRIC_NAMES } from '../../src/contract/metricNames.js';
import { brownoutLevel } from '../load/brownoutLevel.js';
import { httpGet } from '../load/httpGet.js';
import { parsePrometheusText, sumSamples } from '../load/prometheusText.js';
import type { Clock } from '../load/RequestSample.js';

/** One scrape of an API's `/metrics` during a run. */
export interface MetricsPoint {
  /** When the answer came, in milliseconds on the run's clock. */
  readonly at: number;
  /** The brownout level (`brownoutLevel`); `undefined` when brownout is off or the API is naive. */
  readonly level: number | undefined;
  /** `field_dependency_in_flight` of the watched field; `undefined` when not published. */
  readonly inFlight: number | undefined;
}

/** A scrape slower than this is given up (an overloaded API may answer `/metrics` late, or never). */
const SCRAPE_TIMEOUT_MS = 2000;

/**
 * Scrapes an API's `/metrics` at a fixed interval during a run, one scrape at a time (a slow answer
 * delays the next scrape, it does not pile scrapes up), and keeps the brownout level and the in-flight
 * calls of one field. A scrape that fails or times out is left out of the trace, and counted.
 */
export class MetricsTrace {
  readonly points: MetricsPoint[] = [];
  /** Scrapes that failed or timed out. */
  missed = 0;
  readonly #metricsUrl: string;
  readonly #clock: Clock;
  readonly #field: string | undefined;
  #running = false;
  #loop: Promise<void> = Promise.resolve();

  /** `field`: the field whose calls in flight are read (`undefined`: none). */
  constructor(metricsUrl: string, clock: Clock, field?: string) {
    this.#metricsUrl = metricsUrl;
    this.#clock = clock;
    this.#field = field;
  }

  /** Scrapes now, then every `intervalMs` after the previous scrape was due, until {@link stop}. */
  start(intervalMs: number): void {
    this.#running = true;
    this.#loop = (async () => {
      let next = this.#clock();
      while (this.#running) {
        await this.#scrape();
        next += intervalMs;
        const wait = next - this.#clock();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else next = this.#clock();
      }
    })();
  }

  /** Stops scraping, once the scrape under way is done. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** The most calls in flight seen in the watched field's gauge; `undefined` without any. */
  get maxInFlight(): number | undefined {
    const seen = this.points.map((point) => point.inFlight).filter((value): value is number => value !== undefined);
    return seen.length === 0 ? undefined : Math.max(...seen);
  }

  async #scrape(): Promise<void> {
    try {
      const samples = parsePrometheusText((await httpGet(this.#metricsUrl, AbortSignal.timeout(SCRAPE_TIMEOUT_MS))).text);
      const published = this.#field !== undefined && samples.some((sample) => sample.name === METRIC_NAMES.inFlight && sample.labels.field === this.#field);
      this.points.push({
        at: this.#clock(),
        level: brownoutLevel(samples),
        inFlight: published ? sumSamples(samples, METRIC_NAMES.inFlight, { field: this.#field as string }) : undefined,
      });
    } catch {
      this.missed++;
    }
  }
}
