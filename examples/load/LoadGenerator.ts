import { Agent, get } from 'node:http';
import type { DemoMode } from '../pins-api/startPinsApi.js';
import type { Clock, RequestSample } from './RequestSample.js';
import { degradedFields } from './degradedFields.js';

/** Options of a {@link LoadGenerator}. */
export interface LoadOptions {
  /** Requests sent per second, evenly paced whatever the answers (an open loop, as real traffic). */
  readonly ratePerSecond: number;
  /** How long a client waits for an answer before giving up. */
  readonly timeoutMs: number;
  /** The path of the `sequence`-th request. */
  readonly path: (sequence: number) => string;
}

/** The API a generator drives. */
export interface LoadTarget {
  readonly url: string;
  readonly mode: DemoMode;
}

/** Small ticks keep requests evenly spaced (4 ms apart at 250 requests/s). */
const TICK_MS = 4;
/** At most this many requests per tick: after a stall, the generator does not fire a burst to catch up. */
const MAX_PER_TICK = 10;

/**
 * Sends requests to one API at a steady rate, evenly spaced (no bursts, unlike a per-connection rate
 * limit), over keep-alive connections, and records every answer as a {@link RequestSample}.
 */
export class LoadGenerator {
  readonly samples: RequestSample[] = [];
  readonly #target: LoadTarget;
  readonly #clock: Clock;
  readonly #options: LoadOptions;
  readonly #agent = new Agent({ keepAlive: true });
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;

  constructor(target: LoadTarget, clock: Clock, options: LoadOptions) {
    this.#target = target;
    this.#clock = clock;
    this.#options = options;
  }

  /** Starts sending. */
  start(): void {
    const startedAt = this.#clock();
    this.#timer = setInterval(() => {
      const due = Math.floor(((this.#clock() - startedAt) / 1000) * this.#options.ratePerSecond) - this.#sent;
      for (let count = 0; count < Math.min(due, MAX_PER_TICK); count++) this.#send();
      if (due > MAX_PER_TICK) this.#sent += due - MAX_PER_TICK;
    }, TICK_MS);
  }

  /** Stops sending, waits for the requests in flight (each ends by its timeout at the latest), closes the connections. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
    this.#agent.destroy();
  }

  #send(): void {
    const path = this.#options.path(this.#sent++);
    const sentAt = this.#clock();
    const done = new Promise<void>((resolve) => {
      let recorded = false;
      const record = (outcome: number | 'no answer', degraded: readonly string[]): void => {
        if (recorded) return;
        recorded = true;
        clearTimeout(timeout);
        this.samples.push({ mode: this.#target.mode, sentAt, latencyMs: this.#clock() - sentAt, outcome, degraded });
        resolve();
      };
      const request = get(`${this.#target.url}${path}`, { agent: this.#agent }, (response) => {
        response.resume();
        response.on('end', () => record(response.statusCode ?? 0, degradedFields(response.headers['x-degraded-fields'])));
        response.on('close', () => record('no answer', []));
      });
      request.on('error', () => record('no answer', []));
      // `record` runs on a later event, once `timeout` is set.
      const timeout = setTimeout(() => request.destroy(), this.#options.timeoutMs);
    });
    this.#inFlight.add(done);
    void done.then(() => this.#inFlight.delete(done));
  }
}
