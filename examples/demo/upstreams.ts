import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentSignal } from 'field-dependency';

/** How a fake upstream answers: normally, with HTTP 500, or never (until the client gives up). */
export type UpstreamMode = 'healthy' | 'failing' | 'hanging';

/** The upstream services a pin page depends on. */
export const UPSTREAM_NAMES = ['shopping', 'comments', 'images', 'boards'] as const;

/** The name of one upstream. */
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

/** Every upstream, by name. */
export type Upstreams = Readonly<Record<UpstreamName, FakeUpstream>>;

/**
 * A small real HTTP service on 127.0.0.1 (a random port) with a fault switch. It answers
 * `GET /?ids=a,b,c` with `answer(ids)` as JSON, and counts the requests it got and the ones the
 * client cancelled before an answer (a timeout's `AbortSignal` closing the connection).
 */
export class FakeUpstream {
  /** Switch it to make the upstream fail or hang. */
  mode: UpstreamMode = 'healthy';
  /** Requests received since {@link resetCounts}. */
  requests = 0;
  /** Requests the client abandoned before the answer, since {@link resetCounts}. */
  cancelled = 0;
  readonly name: UpstreamName;
  readonly #answer: (ids: readonly string[]) => unknown;
  readonly #server: Server;
  #inFlight = 0;
  #whenIdle: (() => void)[] = [];
  #url = '';

  constructor(name: UpstreamName, answer: (ids: readonly string[]) => unknown) {
    this.name = name;
    this.#answer = answer;
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  /** Its base URL, once started. */
  get url(): string {
    return this.#url;
  }

  /** Starts listening on 127.0.0.1, on a port the system picks. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves once no request is in flight (answered, or cancelled by the client). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenIdle.push(resolve));
  }

  /** Sets {@link requests} and {@link cancelled} back to zero. */
  resetCounts(): void {
    this.requests = this.cancelled = 0;
  }

  /** Drops every connection and stops listening. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    this.#inFlight++;
    res.on('close', () => {
      if (!res.writableFinished) this.cancelled++;
      if (--this.#inFlight === 0) for (const resolve of this.#whenIdle.splice(0)) resolve();
    });
    const ids = new URL(req.url ?? '/', this.#url).searchParams.get('ids')?.split(',') ?? [];
    if (this.mode === 'hanging') return; // never answers: only the client's AbortSignal ends this request
    const [status, body] = this.mode === 'failing' ? [500, { error: `${this.name} is down` }] : [200, this.#answer(ids)];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

/**
 * Fetches `ids` from `upstream` with the current dependency call's `AbortSignal`, so a `timeoutMs`
 * really cancels the HTTP request. Throws on a non-2xx answer.
 */
export async function getJson<T>(upstream: FakeUpstream, ids: readonly string[]): Promise<T> {
  const response = await fetch(`${upstream.url}/?ids=${ids.map(encodeURIComponent).join(',')}`, {
    signal: currentSignal() ?? null,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${upstream.name} upstream answered HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/**
 * Starts the four upstreams, each answering with small made-up data, and calls each once, so the first
 * page does not pay for the HTTP client's start-up (it would eat into the 150 ms comments timeout).
 */
export async function startUpstreams(): Promise<Upstreams> {
  const upstreams: Upstreams = {
    shopping: new FakeUpstream('shopping', (ids) =>
      Object.fromEntries(ids.map((id) => [id, { price: `$${10 + id.length}`, merchant: 'Acme' }])),
    ),
    comments: new FakeUpstream('comments', (ids) => ids.map((id) => id.length * 3)),
    images: new FakeUpstream('images', (ids) => ids.map((id) => ({ url: `https://i.example.com/${id}.jpg`, width: 736 }))),
    boards: new FakeUpstream('boards', (ids) => ids.map((id) => ({ id, name: `Board ${id}` }))),
  };
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.start()));
  await Promise.all(Object.values(upstreams).map((upstream) => getJson(upstream, [])));
  return upstreams;
}

/** Closes every upstream. */
export async function closeUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
}
