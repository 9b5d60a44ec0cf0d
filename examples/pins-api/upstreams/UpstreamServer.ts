import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { upstreamAnswer, upstreamErrorBody } from './upstreamAnswers.js';
import { isErrorAnswer, NO_FAULT, resolveFault, type ResolvedFault, type UpstreamFault } from './UpstreamFault.js';
import type { UpstreamName } from './UpstreamName.js';
import type { UpstreamStats } from './UpstreamStats.js';

/** One upstream as tests and the demo drive it: its address, its fault switch and its counters. */
export interface UpstreamControl {
  readonly name: UpstreamName;
  /** Its base URL: `http://127.0.0.1:<port>`. Data is at `GET <url>/v1/<name>?ids=a,b,c`. */
  readonly url: string;
  /** The fault in force, every setting filled in. */
  readonly fault: Required<UpstreamFault>;
  /** What it has seen so far (a snapshot). */
  readonly stats: UpstreamStats;
  /**
   * Replaces the fault (settings left out are healthy). Resolves once it is in force: listening
   * again or refusing connections, and held requests answered when a hang is lifted.
   * @throws TypeError (as a rejection) when the fault is invalid.
   */
  setFault(fault: UpstreamFault): Promise<void>;
}

const MAX_IDS = 100;

/**
 * A small real HTTP service on 127.0.0.1 with a fault switch: `GET /v1/<name>?ids=a,b,c` answers
 * JSON for the ids (see `upstreamAnswer`), unless the fault says otherwise.
 */
export class UpstreamServer implements UpstreamControl {
  readonly name: UpstreamName;
  readonly #server: Server;
  readonly #host: string;
  #port = 0;
  #listening = false;
  #fault: ResolvedFault = NO_FAULT;
  /** Answers given under the current fault, for the deterministic error rate. */
  #answers = 0;
  readonly #counts = { requests: 0, ok: 0, errors: 0, cancelled: 0 };
  #inFlight = 0;
  #maxInFlight = 0;
  readonly #held = new Set<() => void>();
  /** Fault changes run one after another (listening again must not overlap closing). */
  #changes: Promise<void> = Promise.resolve();

  constructor(name: UpstreamName, host = '127.0.0.1') {
    this.name = name;
    this.#host = host;
    this.#server = createServer((request, response) => this.#handle(request, response));
  }

  get url(): string {
    return `http://${this.#host}:${this.#port}`;
  }

  get fault(): ResolvedFault {
    return this.#fault;
  }

  get stats(): UpstreamStats {
    return { ...this.#counts, held: this.#held.size, inFlight: this.#inFlight, maxInFlight: this.#maxInFlight };
  }

  /** Listens on a port the system picks. */
  async start(): Promise<void> {
    await this.#listen(0);
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async setFault(fault: UpstreamFault): Promise<void> {
    const resolved = resolveFault(fault);
    const change = this.#changes.then(() => this.#apply(resolved));
    this.#changes = change.catch(() => undefined);
    return change;
  }

  /** Stops listening and drops every connection: held requests and answers waiting out `latencyMs` included. */
  async close(): Promise<void> {
    await this.#changes;
    await this.#stopListening();
  }

  async #apply(fault: ResolvedFault): Promise<void> {
    this.#fault = fault;
    this.#answers = 0;
    this.#maxInFlight = this.#inFlight;
    if (fault.refuse && this.#listening) await this.#stopListening();
    if (!fault.refuse && !this.#listening) await this.#listen(this.#port);
    if (!fault.hang) {
      const held = [...this.#held];
      this.#held.clear();
      for (const release of held) release();
    }
  }

  async #listen(port: number): Promise<void> {
    this.#server.listen(port, this.#host);
    try {
      await once(this.#server, 'listening');
    } catch (error) {
      throw new Error(`upstream ${this.name} cannot listen on ${this.#host}:${port} again`, { cause: error });
    }
    this.#listening = true;
  }

  async #stopListening(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = once(this.#server, 'close');
    this.#server.close();
    this.#server.closeAllConnections();
    await closed;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://upstream');
    if (request.method !== 'GET' || url.pathname !== `/v1/${this.name}`) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length > MAX_IDS) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(`{"error":"at most ${MAX_IDS} ids"}`);
      return;
    }
    this.#counts.requests++;
    this.#maxInFlight = Math.max(this.#maxInFlight, ++this.#inFlight);
    let release: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    // Whoever closes the connection (the client, `refuse`, `close()`), nothing of this request stays behind.
    response.on('close', () => {
      this.#inFlight--;
      if (!response.writableFinished) this.#counts.cancelled++;
      if (release !== undefined) this.#held.delete(release);
      clearTimeout(timer);
    });
    const answerAfterLatency = (): void => {
      release = undefined;
      const { latencyMs } = this.#fault;
      if (latencyMs === 0) {
        this.#answer(response, ids);
        return;
      }
      timer = setTimeout(() => this.#answer(response, ids), latencyMs);
    };
    if (this.#fault.hang) {
      release = answerAfterLatency;
      this.#held.add(release);
    } else {
      answerAfterLatency();
    }
  }

  #answer(response: ServerResponse, ids: readonly string[]): void {
    if (response.destroyed) return;
    const failing = isErrorAnswer(++this.#answers, this.#fault.errorRate);
    const body = failing ? upstreamErrorBody(this.name) : upstreamAnswer(this.name, ids);
    if (failing) this.#counts.errors++;
    else this.#counts.ok++;
    response.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
