import { currentRequest, runInRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/degradationScope.js';
import { degradedFieldsValue, headerName, targetingKeyOf, type FrameworkScopeOptions } from './degradedFieldsHeader.js';

type Done = (error?: Error) => void;

/** The parts of a Fastify instance the plugin uses (no dependency on Fastify's types). */
export interface FastifyLikeInstance {
  addHook(name: 'onRequest' | 'preHandler', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: Done) => void): unknown;
  addHook(name: 'onSend', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, payload: unknown, done: Done) => void): unknown;
}

/** The parts of a Fastify request the plugin reads. */
export interface FastifyLikeRequest {
  readonly routeOptions?: { readonly url?: string | undefined };
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

/** The parts of a Fastify reply the plugin writes. */
export interface FastifyLikeReply {
  header(name: string, value: string): unknown;
}

const records = new WeakMap<FastifyLikeRequest, RequestRecord>();

/**
 * Fastify plugin: opens a degradation scope per request, with the route template
 * (`request.routeOptions.url`) as `endpoint`, and sets `x-degraded-fields` when fields degraded.
 * Register it on the root instance before the routes: `app.register(fieldDependencyFastify)`; it applies
 * to every route, prefixed ones included (it is not encapsulated, as `fastify-plugin` would make it).
 * `targetingKey` reads a request's user or session id for deciders:
 * `app.register(fieldDependencyFastify, { targetingKey: (request) => request.headers['x-session-id'] as string | undefined })`.
 * An invalid `header` or `targetingKey` option makes `app.ready()` (and `await app.register(…)`) reject with a `TypeError`.
 */
export function fieldDependencyFastify(fastify: FastifyLikeInstance, options: FrameworkScopeOptions<FastifyLikeRequest>, done: Done): void {
  let header: string | false;
  let targetingKey: (request: FastifyLikeRequest) => string | undefined;
  try {
    header = headerName(options);
    targetingKey = targetingKeyOf(options);
  } catch (error) {
    // Thrown here, a bad option would escape Fastify's loader as an uncaught exception: fail `ready()` instead.
    done(error as Error);
    return;
  }
  fastify.addHook('onRequest', (request, _reply, next) => {
    const record = new RequestRecord(() => request.routeOptions?.url, targetingKey(request));
    records.set(request, record);
    runInRequest(record, () => next());
  });
  // A hook, a body parser or an older Fastify may continue outside the request's async context: enter it
  // again right before the handler (unless the handler runs in it already, as it does for a GET).
  fastify.addHook('preHandler', (request, _reply, next) => {
    const record = records.get(request);
    if (record === undefined || currentRequest() === record) next();
    else runInRequest(record, () => next());
  });
  if (header !== false) {
    fastify.addHook('onSend', (request, reply, _payload, next) => {
      const record = records.get(request);
      const value = record && degradedFieldsValue(record);
      if (value !== undefined) reply.header(header, value);
      next();
    });
  }
  done();
}

// What fastify-plugin sets: apply to the parent instance (no encapsulation), with a readable name.
Object.assign(fieldDependencyFastify, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'field-dependency',
});
