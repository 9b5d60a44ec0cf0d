import { Agent, request as httpRequest } from 'node:http';
import type { RequestPriority } from 'field-dependency';
import { checkStages, dueAt, dueBy, scheduledRequests, scheduleMs, type LoadStage } from './openLoopSchedule.js';
import type { OpenLoopSample } from './OpenLoopSample.js';
import { PRIORITY_HEADER } from '../pins-api/request/requestPriority.js';
import type { Clock } from './RequestSample.js';
import { degradedFields } from './degradedFields.js';

/** One request of an open-loop run. */
export interface OpenLoopRequest {
  readonly path: string;
  readonly priority: RequestPriority;
}

/** Options of an {@link OpenLoopGenerator}. */
export interface OpenLoopOptions {
  /** The arrivals: rate and length of each stage, in order. */
  readonly stages: readonly LoadStage[];
  /** How long a client waits for an answer, from when its request was due, before giving up. */
  readonly timeoutMs: number;
  /** The `sequence`-th request. */
  readonly request: (sequence: number) => OpenLoopRequest;
  /**
   * The most connections open to the API at once, as the connection pool of a proxy in front of it:
   * requests beyond wait for a free one, and their wait counts in their latency.
   * @default 512
   */
  readonly maxSockets?: number;
}

/** How often the generator looks for due requests (sent in a burst if it fell behind: arrivals do not wait). */
const TICK_MS = 1;

/**
 * Sends requests to one API on a fixed schedule of arrivals (`openLoopSchedule`), whatever the answers:
 * an open loop, as real traffic, unlike a closed loop (autocannon's connections), where a slow server
 * slows its own load down. Records every request as an {@link OpenLoopSample}, its latency counted from
 * when it was due.
 */
export class OpenLoopGenerator {
  readonly samples: OpenLoopSample[] = [];
  readonly #url: string;
  readonly #clock: Clock;
  readonly #options: OpenLoopOptions;
  readonly #agent: Agent;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;
  #maxLagMs = 0;
  #startedAt = 0;
  #finished: (() => void) | undefined;

  /** @throws TypeError when a stage, the timeout or `maxSockets` is not valid, naming it. */
  constructor(url: string, clock: Clock, options: OpenLoopOptions) {
    checkStages(options.stages);
    if (!(options.timeoutMs > 0)) throw new TypeError(`OpenLoopGenerator: timeoutMs must be a number above 0; received ${String(options.timeoutMs)}`);
    const maxSockets = options.maxSockets ?? 512;
    if (!Number.isInteger(maxSockets) || maxSockets < 1) throw new TypeError(`OpenLoopGenerator: maxSockets must be a whole number of at least 1; received ${String(maxSockets)}`);
    this.#url = url;
    this.#clock = clock;
    this.#options = options;
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** When the schedule started, on the generator's clock (a sample's `sentAt` is this plus when it was due). */
  get startedAt(): number {
    return this.#startedAt;
  }

  /**
   * The latest a request was sent after it was due, in milliseconds: when this nears the SLO, the
   * generator (its CPU) is the bottleneck, not the API.
   */
  get maxLagMs(): number {
    return this.#maxLagMs;
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /**
   * Sends the whole schedule, then waits for every answer (each ends by its timeout at the latest) and
   * closes the connections. Resolves early, the same way, after {@link stop}.
   */
  async run(): Promise<void> {
    const { stages } = this.#options;
    const total = scheduledRequests(stages);
    this.#startedAt = this.#clock();
    const sending = new Promise<void>((resolve) => (this.#finished = resolve));
    this.#timer = setInterval(() => {
      const elapsed = this.#clock() - this.#startedAt;
      const due = dueBy(stages, elapsed);
      while (this.#sent < due) this.#send(this.#sent, dueAt(stages, this.#sent) as number);
      if (this.#sent >= total || elapsed >= scheduleMs(stages)) this.stop();
    }, TICK_MS);
    await sending;
    await Promise.all(this.#inFlight);
    this.#agent.destroy();
  }

  /** Stops sending; `run()` then resolves once the requests in flight are done. */
  stop(): void {
    clearInterval(this.#timer);
    this.#finished?.();
  }

  #send(sequence: number, dueMs: number): void {
    this.#sent++;
    const { path, priority } = this.#options.request(sequence);
    const sentAt = this.#startedAt + dueMs;
    const done = new Promise<void>((resolve) => {
      let recorded = false;
      const record = (outcome: number | 'no answer', degraded: readonly string[]): void => {
        if (recorded) return;
        recorded = true;
        clearTimeout(timeout);
        this.samples.push({ sentAt, latencyMs: this.#clock() - sentAt, outcome, degraded, priority });
        resolve();
      };
      // `normal` is the default: not sent.
      const headers = priority === 'normal' ? {} : { [PRIORITY_HEADER]: priority };
      const request = httpRequest(`${this.#url}${path}`, { agent: this.#agent, headers }, (response) => {
        response.resume();
        response.on('end', () => record(response.statusCode ?? 0, degradedFields(response.headers['x-degraded-fields'])));
        response.on('close', () => record('no answer', []));
      });
      request.on('error', () => record('no answer', []));
      request.end();
      const waited = this.#clock() - sentAt;
      this.#maxLagMs = Math.max(this.#maxLagMs, waited);
      // `record` runs on a later event, once `timeout` is set.
      const timeout = setTimeout(() => request.destroy(), Math.max(1, this.#options.timeoutMs - waited));
    });
    this.#inFlight.add(done);
    void done.then(() => this.#inFlight.delete(done));
  }
}
