import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { metricsRegistry, type BreakerOptions } from 'field-dependency';
import { useFieldDependency } from 'field-dependency/graphql';
import { UpstreamClient } from '../pins-api/http/UpstreamClient.js';
import { libraryLoaders } from '../pins-api/loaders/libraryLoaders.js';
import { upstreamLoaders } from '../pins-api/loaders/upstreamLoaders.js';
import { settleClosedHandles } from '../pins-api/settleClosedHandles.js';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';
import { createPinDataLoaders, type PinsGraphQLContext } from './pinDataLoaders.js';
import { resolvers } from './resolvers.js';
import { typeDefs } from './typeDefs.js';

/**
 * `library`: the pins API's loaders as field dependencies and `useFieldDependency()`: a degraded field is
 * `null` and named in `extensions.degradedFields` and `x-degraded-fields`; a critical failure is a
 * `FIELD_DEPENDENCY_FAILED` error. `naive`: the same loaders unwrapped, the same Yoga server without the
 * plugin: a failing upstream gives Yoga's masked "Unexpected error." and a hanging one hangs the operation.
 */
export type PinsGraphQLMode = 'library' | 'naive';

/** Options of {@link startPinsGraphQL}. */
export interface PinsGraphQLOptions {
  readonly mode: PinsGraphQLMode;
  /** The upstreams' base URLs, e.g. `(await startUpstreams()).urls`. */
  readonly upstreams: UpstreamUrls;
  /**
   * The port to listen on (on 127.0.0.1).
   * @default 0, a free port
   */
  readonly port?: number;
  /**
   * Library mode only: the non-critical fields' breaker settings, as for `startPinsApi` (one set per process).
   * @default the runtime's defaults
   */
  readonly breaker?: BreakerOptions | false;
}

/** A running GraphQL pins API. */
export interface PinsGraphQL {
  readonly mode: PinsGraphQLMode;
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  /** The runtime's metrics (library mode), `http://127.0.0.1:<port>/metrics`. */
  readonly metricsUrl: string;
  /** Stops listening, drops connections, cancels upstream requests in flight. */
  close(): Promise<void>;
}

/**
 * Starts the GraphQL twin of the pins API on graphql-yoga, over the same upstreams, loaders and fault
 * controls as `startPinsApi`.
 *
 * @example
 * const upstreams = await startUpstreams();
 * const api = await startPinsGraphQL({ mode: 'library', upstreams: upstreams.urls });
 * await upstreams.setFaults({ shopping: { errorRate: 1 } });
 * // POST api.url { query: '{ pin(id: "7") { shopping { price } board { name } } }' }
 * // → { data: { pin: { shopping: null, board: {…} } }, extensions: { degradedFields: ['shopping'] } }
 */
export async function startPinsGraphQL(options: PinsGraphQLOptions): Promise<PinsGraphQL> {
  const { mode, upstreams, port = 0, breaker } = options;
  if (mode !== 'library' && mode !== 'naive') throw new TypeError(`startPinsGraphQL: option \`mode\` must be 'library' or 'naive'; received ${JSON.stringify(mode)}`);
  const client = new UpstreamClient(upstreams);
  const plain = upstreamLoaders(client);
  const loaders = mode === 'library' ? libraryLoaders(plain, { breaker, boardConcurrencyLimit: undefined }) : plain;
  const yoga = createYoga({
    schema: createSchema<PinsGraphQLContext>({ typeDefs, resolvers }),
    logging: false,
    graphiql: false,
    batching: true,
    context: () => ({ loaders: createPinDataLoaders(loaders) }),
    plugins: mode === 'library' ? [useFieldDependency()] : [],
  });
  const server = createServer((request, response) => {
    if (request.url === '/metrics' && request.method === 'GET') {
      void metricsRegistry()
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': metricsRegistry().contentType }).end(mode === 'library' ? text : ''));
      return;
    }
    void yoga(request, response);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    await client.close();
    throw error;
  }
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    mode,
    url: `${base}/graphql`,
    metricsUrl: `${base}/metrics`,
    close: () =>
      (closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await client.close();
        await settleClosedHandles();
      })()),
  };
}
