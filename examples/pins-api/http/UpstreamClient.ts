import { once } from 'node:events';
import { Agent, get, type ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { UpstreamName, UpstreamUrls } from '../upstreams/UpstreamName.js';
import { UpstreamError } from './UpstreamError.js';

const MAX_BODY_CHARS = 1_000_000;

/**
 * The pins API's HTTP client for its upstreams: JSON over keep-alive connections (its own `http.Agent`,
 * so that {@link close} can end every socket it opened), cancellable with an `AbortSignal`.
 */
export class UpstreamClient {
  readonly #urls: UpstreamUrls;
  readonly #agent = new Agent({ keepAlive: true });
  readonly #sockets = new Set<Socket>();

  constructor(urls: UpstreamUrls) {
    this.#urls = urls;
  }

  /**
   * `GET <upstream>/v1/<name>?ids=…`, parsed as JSON. With a `signal`, aborting it destroys the HTTP
   * request at once (the upstream sees the connection close) and rejects with the signal's reason.
   * @throws UpstreamError (as a rejection) on a non-2xx status or a body that is not JSON.
   */
  getJson(name: UpstreamName, ids: readonly string[], signal: AbortSignal | undefined): Promise<unknown> {
    const url = `${this.#urls[name]}/v1/${name}?ids=${ids.map(encodeURIComponent).join(',')}`;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, value?: unknown) => {
        if (settled) return;
        settled = true;
        if (error === undefined) resolve(value);
        else reject(error);
      };
      const request = get(url, { agent: this.#agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY_CHARS) request.destroy(new UpstreamError(`${name} answered more than ${MAX_BODY_CHARS} characters`, response.statusCode));
        });
        response.on('error', settle);
        // Settles the request if the connection drops mid-answer (after `end`, nothing is left to settle).
        response.on('close', () => {
          if (!settled) settle(new UpstreamError(`${name} closed the connection before the answer was complete`, response.statusCode));
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) {
            settle(new UpstreamError(`${name} answered HTTP ${status}: ${body.slice(0, 200)}`, status));
            return;
          }
          try {
            settle(undefined, JSON.parse(body) as unknown);
          } catch (error) {
            settle(new UpstreamError(`${name} answered a body that is not JSON`, undefined, { cause: error }));
          }
        });
      });
      request.on('socket', (socket: Socket) => this.#track(socket));
      request.on('error', settle);
      if (signal !== undefined) cancelOnAbort(request, signal);
    });
  }

  /** Cancels the requests in flight and closes every connection; resolves once every socket is closed. */
  async close(): Promise<void> {
    this.#agent.destroy();
    const open = [...this.#sockets].filter((socket) => !socket.closed);
    for (const socket of open) socket.destroy();
    await Promise.all(open.map((socket) => (socket.closed ? undefined : once(socket, 'close'))));
  }

  #track(socket: Socket): void {
    if (this.#sockets.has(socket)) return;
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }
}

/**
 * Destroys `request` with the signal's reason when `signal` aborts. One listener, removed when the
 * request closes: cheaper than `http.get`'s own `signal` option, which watches the request with
 * `finished()` on every call, and a healthy call never aborts.
 */
function cancelOnAbort(request: ClientRequest, signal: AbortSignal): void {
  if (signal.aborted) {
    request.destroy(signal.reason as Error);
    return;
  }
  const abort = () => request.destroy(signal.reason as Error);
  signal.addEventListener('abort', abort, { once: true });
  request.once('close', () => signal.removeEventListener('abort', abort));
}
