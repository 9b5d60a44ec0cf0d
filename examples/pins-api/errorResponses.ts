import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isFieldDependencyError } from 'field-dependency';
import { isBadRequestError } from './request/BadRequestError.js';

/** The body of every error answer: short, for clients, never a stack trace or an upstream's own message. */
export interface ErrorBody {
  readonly error: 'bad_request' | 'not_found' | 'unavailable' | 'internal';
  readonly message: string;
  /** For `unavailable`: the critical field that could not be served. */
  readonly field?: string;
}

/**
 * Answers every failure with an {@link ErrorBody}:
 * - a `BadRequestError` (bad id, bad `fields`) → 400 with its message;
 * - a critical field's `FieldDependencyError` (library mode) → 503 naming the field;
 * - Fastify's own client errors (a URL that does not decode, an id longer than a route allows) → their 4xx;
 * - an unknown route → 404;
 * - anything else (in naive mode, any upstream failure) → 500, logged, with a generic message.
 */
export function installErrorResponses(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (isBadRequestError(error)) return send(reply, 400, { error: 'bad_request', message: error.message });
    if (isFieldDependencyError(error)) {
      return send(reply, 503, { error: 'unavailable', message: 'a field this page needs is unavailable; try again later', field: error.field });
    }
    const status = clientErrorStatus(error);
    if (status !== undefined) return send(reply, status, { error: 'bad_request', message: STATUS_CODES[status] ?? 'bad request' });
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, { error: 'internal', message: 'internal error' });
  });
  app.setNotFoundHandler((_request, reply) => send(reply, 404, { error: 'not_found', message: 'no such route; try GET /v3/pins/:id or GET /v3/boards/:id/pins' }));
}

/**
 * Fastify's `frameworkErrors` option: errors found before routing (`FST_ERR_BAD_URL`,
 * `FST_ERR_MAX_PARAM_LENGTH`, …), which would otherwise be answered with the raw URL in the message.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = clientErrorStatus(error) ?? 400;
  void send(reply, status, { error: 'bad_request', message: `${STATUS_CODES[status] ?? 'bad request'}: malformed URL` });
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** The status of one of Fastify's own 4xx errors (`FST_…` with a `statusCode`), else `undefined`. */
function clientErrorStatus(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode <= 499 ? statusCode : undefined;
}
