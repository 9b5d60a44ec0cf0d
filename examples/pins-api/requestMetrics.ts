import type { FastifyInstance } from 'fastify';
import { Counter, Registry } from 'prom-client';

/** The `route` label of requests that matched no route. */
export const UNMATCHED_ROUTE = '__unmatched__';

/**
 * Counts the API's answers on `registry` as `pins_api_requests_total{route, code}`: `route` is the
 * route template (`/v3/pins/:id`), never the raw URL, so the label stays bounded.
 */
export function countRequests(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'pins_api_requests_total',
    help: 'Requests answered by the pins API, by route template and status code.',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    requests.inc({ route: request.routeOptions.url ?? UNMATCHED_ROUTE, code: String(reply.statusCode) });
    done();
  });
}
