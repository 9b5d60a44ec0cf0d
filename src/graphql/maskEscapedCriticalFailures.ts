import type { FieldDependencyError } from '../errors/FieldDependencyError.js';
import { criticalFailureError, criticalFailureOf } from './criticalFailureError.js';

type Done = (error?: Error | null, payload?: unknown) => void;

/** The parts of a Fastify instance this uses (no dependency on Fastify's types). */
export interface FastifyHooks {
  addHook(name: 'onError', hook: (request: object, reply: object, error: unknown, done: () => void) => void): unknown;
  addHook(name: 'onSend', hook: (request: object, reply: { header(name: string, value: string): unknown }, payload: unknown, done: Done) => void): unknown;
}

/**
 * Keeps a critical dependency's failure that escapes to Fastify's error handling (Mercurius's `context`
 * function loading a critical dependency: Mercurius then answers with Fastify's error body, the error's
 * message in it) from reaching the client: when a response's body still holds the failure's message, it
 * is replaced by a GraphQL error body, `{ data: null, errors: [{ message, extensions: { code:
 * 'FIELD_DEPENDENCY_FAILED', field } }] }`, with the status the server chose. A response whose error
 * handler already answered without the message is left as it is. Costs a WeakMap read per response.
 */
export function maskEscapedCriticalFailures(fastify: FastifyHooks): void {
  const failures = new WeakMap<object, FieldDependencyError>();
  fastify.addHook('onError', (request, _reply, error, done) => {
    const failure = criticalFailureOf(error);
    if (failure !== undefined) failures.set(request, failure);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const failure = failures.get(request);
    if (failure === undefined || !leaks(payload, failure)) {
      done(null, payload);
      return;
    }
    reply.header('content-type', 'application/json; charset=utf-8');
    done(null, JSON.stringify({ data: null, errors: [criticalFailureError(failure).toJSON()] }));
  });
}

/**
 * Whether a serialized body holds the failure's message, as it is or as JSON writes it. Its start only
 * (`field dependency '<field>' (owner '<owner>') failed`): Mercurius builds the context a second time to
 * format the error, and the body then holds the second failure's message, whose cause may read otherwise.
 */
function leaks(payload: unknown, failure: FieldDependencyError): boolean {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined) return false;
  const end = failure.message.indexOf(' failed: ');
  const start = end < 0 ? failure.message : failure.message.slice(0, end + ' failed'.length);
  return text.includes(start) || text.includes(JSON.stringify(start).slice(1, -1));
}
