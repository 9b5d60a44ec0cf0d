import type { HttpAnswer } from './fetchText.js';

/** The envelope of every Prometheus HTTP API answer; each field `unknown` until the caller checks it. */
export interface PrometheusEnvelope {
  /** `success` or `error`; anything else (or nothing): the server is not a Prometheus HTTP API. */
  readonly status: unknown;
  readonly data: unknown;
  readonly errorType: unknown;
  readonly error: unknown;
}

/** Reads `answer`'s body as a Prometheus API envelope; a body that is not a JSON object gives every field `undefined`. */
export function prometheusEnvelope(answer: HttpAnswer): PrometheusEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    body = undefined;
  }
  const { status, data, errorType, error } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return { status, data, errorType, error };
}
