import type { AddressInfo } from 'node:net';
import { settleClosedHandles } from './settleClosedHandles.js';
import Fastify from 'fastify';
import { configure, fieldDependencyFastify, metricsRegistry, type BreakerOptions, type BrownoutOptions, type ConcurrencyLimit } from 'field-dependency';
import { Registry } from 'prom-client';
import { flagFileDeciders, type FlagFileDeciders } from './deciders/flagFileDeciders.js';
import { openRequestContexts } from './openRequestContexts.js';
import { frameworkErrors, installErrorResponses } from './errorResponses.js';
import { UpstreamClient } from './http/UpstreamClient.js';
import { handWrittenCallSignal, handWrittenLoaders } from './handwritten/handWrittenLoaders.js';
import { installHandWrittenScope } from './handwritten/handWrittenScope.js';
import { libraryLoaders } from './loaders/libraryLoaders.js';
import { upstreamLoaders } from './loaders/upstreamLoaders.js';
import { countRequests } from './requestMetrics.js';
import { requestPriority, PRIORITY_HEADER } from './request/requestPriority.js';
import { registerPinRoutes } from './routes.js';
import { UPSTREAM_NAMES, type UpstreamUrls } from './upstreams/UpstreamName.js';

/**
 * `library`: the loaders are field dependencies, the runtime's Fastify plugin opens a degradation scope per
 * request and sets `x-degraded-fields`; a non-critical failure leaves the field empty, a critical one answers 503.
 * `naive`: the same loaders, unwrapped, as an API without the library: any failing upstream fails the request (500),
 * a hanging one hangs it.
 * `handwritten`: the library's guarantees written by hand with the same packages (opossum breakers, a comments
 * timeout that aborts its request, prom-client metrics, an AsyncLocalStorage store and the header): what a team
 * would write instead of the library, the benchmark's fair competitor. A critical failure answers 500.
 */
export type PinsApiMode = 'library' | 'naive' | 'handwritten';

/** The two modes the demo runs side by side: the API with the library, and without anything. */
export type DemoMode = Extract<PinsApiMode, 'library' | 'naive'>;

/** Options of {@link startPinsApi}. */
export interface PinsApiOptions {
  readonly mode: PinsApiMode;
  /** The upstreams' base URLs, e.g. `(await startUpstreams()).urls`. */
  readonly upstreams: UpstreamUrls;
  /**
   * The port to listen on.
   * @default 0, a free port
   */
  readonly port?: number;
  /**
   * The address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Library mode only: the breaker settings of the non-critical fields (opossum options), or `false` for none.
   * The runtime keeps one breaker per field and owner in a process: every library-mode API of a process must
   * be started with the same settings.
   * @default the runtime's `DEFAULT_BREAKER_OPTIONS`
   */
  readonly breaker?: BreakerOptions | false;
  /**
   * Library mode only: a flagd flag file (see `writeDeciderFlags`) to read each field's decider from, through
   * flagd's in-process provider (`configure({ deciders })`): editing the file switches fields off, or down to
   * a percentage, within a second. Deciders are process-wide: one such API per process.
   * @default none: no deciders
   */
  readonly deciderFile?: string;
  /**
   * Library mode only: turn on the process's brownout controller (`configure({ brownout })`) while the API
   * runs: past its latency objective it sheds comments (tier 3), then shopping and board (tier 2), from
   * the requests sent with `x-priority: low` first; `close()` turns it off. One such API per process.
   * @default off
   */
  readonly brownout?: BrownoutOptions;
  /**
   * Library mode only: the board field's `concurrencyLimit` (a number, or `{ adaptive: true }`): calls
   * beyond it answer without the board at once instead of waiting for a slow boards upstream.
   * @default none
   */
  readonly boardConcurrencyLimit?: ConcurrencyLimit;
  /**
   * Naive mode only: run each request in an AsyncLocalStorage context of its own (empty), as an APM
   * agent or a request-scoped logger would. A control for `npm run bench:api:profile`: it tells the cost
   * of having any request context in Node apart from the library's own.
   * @default false
   */
  readonly requestContext?: boolean;
  /**
   * CPU time, in microseconds, the API spends on each field value it hydrates with data (per pin and field,
   * not on an empty value): the parsing and shaping of an upstream's answer a real API does, as a busy loop.
   * The overload benchmark sets it so that the API, not the load generator beside it, saturates first, and
   * so that a page without its optional fields costs the API less, as it does in a real one. Every mode.
   * @default 0
   */
  readonly fieldWorkMicros?: number;
}

/** A running pins API, in mode `M`. */
export interface PinsApi<M extends PinsApiMode = PinsApiMode> {
  readonly mode: M;
  /** Its base URL, `http://127.0.0.1:<port>`: `GET <url>/v3/pins/1?fields=shopping,images`. */
  readonly url: string;
  /**
   * Its Prometheus endpoint: `pins_api_requests_total{route, code}`, and in library mode the runtime's
   * `field_dependency_*` metrics (from its configured registry, read at every scrape).
   */
  readonly metricsUrl: string;
  /**
   * Stops listening, drops open connections and cancels upstream requests in flight; resolves once every
   * socket the API opened is closed. The runtime's breakers belong to the process, not to the API: call
   * `shutdownFieldDependencies()` when the process is done with them.
   */
  close(): Promise<void>;
}

/**
 * Starts the pins API on Fastify: `GET /v3/pins/:id?fields=…`, `GET /v3/boards/:id/pins?fields=…` and
 * `GET /metrics`, hydrating pins from the upstreams over HTTP.
 *
 * @example
 * const upstreams = await startUpstreams();
 * const api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
 * await upstreams.controls.shopping.setFault({ errorRate: 1 });
 * const response = await fetch(`${api.url}/v3/pins/1?fields=shopping,images`);
 * response.headers.get('x-degraded-fields'); // 'shopping'
 * await api.close();
 * await upstreams.close();
 * @throws TypeError (as a rejection) when an option is invalid, naming it, what was expected and what was received.
 */
export async function startPinsApi<M extends PinsApiMode>(options: PinsApiOptions & { readonly mode: M }): Promise<PinsApi<M>> {
  const { upstreams, port = 0, host = '127.0.0.1', breaker, deciderFile, brownout, boardConcurrencyLimit, requestContext = false, fieldWorkMicros = 0 } = validate(options);
  const mode = options.mode;
  const client = new UpstreamClient(upstreams);
  const registry = new Registry();
  const loaders =
    mode === 'library'
      ? libraryLoaders(upstreamLoaders(client), { breaker, boardConcurrencyLimit })
      : mode === 'handwritten'
        ? handWrittenLoaders(upstreamLoaders(client, () => handWrittenCallSignal.getStore()), registry)
        : upstreamLoaders(client);

  const app = Fastify({ logger: false, forceCloseConnections: true, frameworkErrors });
  countRequests(app, registry);
  // A request's priority (under brownout) is the one its client sent in `x-priority`.
  if (mode === 'library') await app.register(fieldDependencyFastify, { priority: (request) => requestPriority(request.headers?.[PRIORITY_HEADER]) });
  if (mode === 'handwritten') installHandWrittenScope(app);
  if (requestContext) openRequestContexts(app);
  installErrorResponses(app);
  registerPinRoutes(app, loaders, fieldWorkMicros);
  app.get('/metrics', async (_request, reply) => {
    const own = await registry.metrics();
    const library = mode === 'library' ? await metricsRegistry().metrics() : '';
    return reply.type(registry.contentType).send(own + library);
  });

  let deciders: FlagFileDeciders | undefined;
  try {
    if (deciderFile !== undefined) {
      deciders = await flagFileDeciders(deciderFile);
      configure({ deciders: deciders.client });
    }
    if (brownout !== undefined) configure({ brownout });
    await app.listen({ port, host });
  } catch (error) {
    if (brownout !== undefined) configure({ brownout: false });
    await closeDeciders(deciders);
    await client.close();
    throw error;
  }
  const url = `http://${host}:${(app.server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    mode,
    url,
    metricsUrl: `${url}/metrics`,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (brownout !== undefined) configure({ brownout: false });
        await closeDeciders(deciders);
        await client.close();
        await settleClosedHandles();
      })()),
  };
}

/** Stops reading the deciders (every field back to 100) and closes their provider. */
async function closeDeciders(deciders: FlagFileDeciders | undefined): Promise<void> {
  if (deciders === undefined) return;
  configure({ deciders: false });
  await deciders.close();
}

function validate(options: PinsApiOptions): PinsApiOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`startPinsApi: options must be an object; received ${String(options)}`);
  const { mode, upstreams, port, host, breaker, deciderFile, brownout, boardConcurrencyLimit, requestContext, fieldWorkMicros } = options;
  if (mode !== 'library' && mode !== 'naive' && mode !== 'handwritten') {
    throw new TypeError(`startPinsApi: option \`mode\` must be 'library', 'naive' or 'handwritten'; received ${JSON.stringify(mode) ?? String(mode)}`);
  }
  for (const name of UPSTREAM_NAMES) {
    const url = (upstreams as Partial<UpstreamUrls> | undefined)?.[name];
    if (typeof url !== 'string' || !/^http:\/\/[^/]+$/.test(url)) {
      throw new TypeError(`startPinsApi: option \`upstreams.${name}\` must be a base URL such as 'http://127.0.0.1:4001'; received ${JSON.stringify(url) ?? String(url)}`);
    }
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new TypeError(`startPinsApi: option \`port\` must be a whole number from 0 to 65535; received ${String(port)}`);
  }
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw new TypeError(`startPinsApi: option \`host\` must be a host name or address; received ${String(host)}`);
  if (breaker !== undefined && mode !== 'library') throw new TypeError("startPinsApi: option `breaker` applies to mode 'library' only");
  if (deciderFile !== undefined && mode !== 'library') throw new TypeError("startPinsApi: option `deciderFile` applies to mode 'library' only");
  if (brownout !== undefined && mode !== 'library') throw new TypeError("startPinsApi: option `brownout` applies to mode 'library' only");
  if (boardConcurrencyLimit !== undefined && mode !== 'library') throw new TypeError("startPinsApi: option `boardConcurrencyLimit` applies to mode 'library' only");
  if (requestContext !== undefined && typeof requestContext !== 'boolean') {
    throw new TypeError(`startPinsApi: option \`requestContext\` must be true or false; received ${JSON.stringify(requestContext) ?? String(requestContext)}`);
  }
  if (requestContext === true && mode !== 'naive') throw new TypeError("startPinsApi: option `requestContext` applies to mode 'naive' only (library mode has the runtime's own)");
  if (fieldWorkMicros !== undefined && !(typeof fieldWorkMicros === 'number' && fieldWorkMicros >= 0 && fieldWorkMicros <= 1_000_000)) {
    throw new TypeError(`startPinsApi: option \`fieldWorkMicros\` must be microseconds from 0 to 1000000; received ${JSON.stringify(fieldWorkMicros) ?? String(fieldWorkMicros)}`);
  }
  if (deciderFile !== undefined && (typeof deciderFile !== 'string' || deciderFile === '')) {
    throw new TypeError(`startPinsApi: option \`deciderFile\` must be the path of a flagd flag file; received ${JSON.stringify(deciderFile) ?? String(deciderFile)}`);
  }
  return options;
}
