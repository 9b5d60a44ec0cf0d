import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What one request of the hand-written API remembers: the fields that degraded, in order. */
export interface HandWrittenRequest {
  readonly degraded: string[];
}

/** The hand-written API's request context, as a team would keep it: one AsyncLocalStorage store per request. */
export const handWrittenRequests = new AsyncLocalStorage<HandWrittenRequest>();

/**
 * Opens a store per request (`onRequest`, for the rest of the request's continuations) and sets
 * `x-degraded-fields` on the answer when something degraded: what a team writes instead of the
 * library's Fastify plugin.
 */
export function installHandWrittenScope(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, _reply, done) => {
    handWrittenRequests.run({ degraded: [] }, done);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    const degraded = handWrittenRequests.getStore()?.degraded;
    if (degraded !== undefined && degraded.length > 0) reply.header('x-degraded-fields', [...new Set(degraded)].join(', '));
    done(null, payload);
  });
}
