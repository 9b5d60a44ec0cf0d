import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/**
 * Runs every request of `app` in an AsyncLocalStorage context of its own, holding nothing: what any
 * request-scoped tool (an APM agent, a logger with a request id) costs Node, without the library.
 */
export function openRequestContexts(app: FastifyInstance): void {
  const contexts = new AsyncLocalStorage<object>();
  app.addHook('onRequest', (_request, _reply, next) => contexts.run({}, next));
}
