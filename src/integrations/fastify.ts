import { currentRequest, runInRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/degradationScope.js';
import { requestEnded } from '../brownout/requestLatencies.js';
import { priorityReader } from '../brownout/requestPriority.js';
import type { RequestPriority } from '../contract/brownoutClasses.js';
import { degradedFieldsValue, headerName, targetingKeyOf, type FrameworkScopeOptions } from './degradedFieldsHeader.js';

type Done = (error?: Error) => void;

/** The parts of a Fastify instance the plugin uses (no dependency on Fastify's types). */
export interface FastifyLikeInstance {
  decorateRequest(name: symbol, value: null): unknown;
  hasRequestDecorator(name: symbol): boolean;
  addHook(name: 'onRequest' | 'preHandler', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: Done) => void): unknown;
  addHook(name: 'onResponse', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, done: Done) => void): unknown;
  addHook(name: 'onSend', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply, payload: unknown, done: Done) => void): unknown;
  addHook(name: 'onRequestAbort', hook: (request: FastifyLikeRequest, done: Done) => void): unknown;
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

/** Where a request keeps its record: a request decorator, so every Fastify request has the same shape. */
const RECORD = Symbol('field-dependency.requestRecord');

/** A Fastify request once decorated. */
interface RecordedRequest extends FastifyLikeRequest {
  [RECORD]: RequestRecord | null;
}

/**
 * Fastify plugin: opens a degradation scope per request, with the route template
 * (`request.routeOptions.url`) as `endpoint`, and sets `x-degraded-fields` when fields degraded.
 * Register it on the root instance before the routes: `app.register(fieldDependencyFastify)`; it applies
 * to every route, prefixed ones included (it is not encapsulated, as `fastify-plugin` would make it).
 * `targetingKey` reads a request's user or session id for deciders:
 * `app.register(fieldDependencyFastify, { targetingKey: (request) => request.headers['x-session-id'] as string | undefined })`.
 * `priority` says how important a request is under brownout:
 * `{ priority: (request) => (request.headers['x-purpose'] === 'prefetch' ? 'low' : 'normal') }`.
 * An invalid `header`, `targetingKey` or `priority` option makes `app.ready()` (and `await app.register(…)`) reject with a `TypeError`.
 */
export function fieldDependencyFastify(fastify: FastifyLikeInstance, options: FrameworkScopeOptions<FastifyLikeRequest>, done: Done): void {
  let header: string | false;
  let targetingKey: (request: FastifyLikeRequest) => string | undefined;
  let priority: (request: FastifyLikeRequest) => RequestPriority;
  try {
    header = headerName(options);
    targetingKey = targetingKeyOf(options);
    priority = priorityReader('fieldDependencyFastify', options?.priority);
  } catch (error) {
    // Thrown here, a bad option would escape Fastify's loader as an uncaught exception: fail `ready()` instead.
    done(error as Error);
    return;
  }
  if (!fastify.hasRequestDecorator(RECORD)) fastify.decorateRequest(RECORD, null);
  fastify.addHook('onRequest', (request, _reply, next) => {
    // The route is matched before onRequest; only an unmatched request (a 404) is asked again later.
    const record = new RequestRecord(request.routeOptions?.url || (() => request.routeOptions?.url), targetingKey(request), 'route', priority(request));
    (request as RecordedRequest)[RECORD] = record;
    runInRequest(record, next);
  });
  // A hook, a body parser or an older Fastify may continue outside the request's async context: enter it
  // again right before the handler (unless the handler runs in it already, as it does for a GET).
  fastify.addHook('preHandler', (request, _reply, next) => {
    const record = (request as RecordedRequest)[RECORD];
    if (record === null || record === undefined || currentRequest() === record) next();
    else runInRequest(record, next);
  });
  if (header !== false) {
    fastify.addHook('onSend', (request, reply, _payload, next) => {
      const record = (request as RecordedRequest)[RECORD];
      const value = record ? degradedFieldsValue(record) : undefined;
      if (value !== undefined) reply.header(header, value);
      next();
    });
  }
  // While brownout is on, the request's latency until its response ends is one of the controller's signals.
  fastify.addHook('onResponse', (request, _reply, next) => {
    const record = (request as RecordedRequest)[RECORD];
    if (record) requestEnded(record);
    next();
  });
  // A request its client aborted gets no onResponse (not even once the handler replies): it ends here.
  fastify.addHook('onRequestAbort', (request, next) => {
    const record = (request as RecordedRequest)[RECORD];
    if (record) requestEnded(record);
    next();
  });
  done();
}

// What fastify-plugin sets: apply to the parent instance (no encapsulation), with a readable name.
Object.assign(fieldDependencyFastify, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'field-dependency',
});
