import { UsageError } from '../UsageError.js';

/** An HTTP answer's status, content type and body. */
export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly body: string;
}

/**
 * The most bytes read from one answer (64 MiB): a service's /metrics page or a Prometheus query answer is far
 * smaller; an endpoint that streams without end (or a wrong URL onto a large file) stops here rather than
 * filling memory until the timeout.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Options of {@link fetchText}. */
export interface FetchTextOptions {
  /**
   * The most bytes read from the answer.
   * @default MAX_ANSWER_BYTES
   */
  readonly maxBytes?: number;
  /** Stops the request (and the reading of its answer) when it aborts, such as a deadline for a whole run of requests. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * GETs `url` and reads the whole answer, whatever its status, up to `maxBytes`.
 * @throws UsageError naming the URL and the cause when the URL is invalid, the server cannot be reached,
 * it has not answered within `timeoutMs`, `signal` aborted, or its answer is larger than `maxBytes` (the
 * message names the limit).
 */
export async function fetchText(url: string, timeoutMs: number, options: FetchTextOptions = {}): Promise<HttpAnswer> {
  const { maxBytes = MAX_ANSWER_BYTES, signal } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]), headers: { accept: 'text/plain;version=0.0.4, application/json;q=0.5, */*;q=0.1' } });
  } catch (error) {
    throw new UsageError(`cannot reach ${url}: ${networkCause(error, timeoutMs, signal)}`, { cause: error });
  }
  try {
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type') ?? '',
      body: await readCapped(response, url, maxBytes),
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read the answer of ${url}: ${networkCause(error, timeoutMs, signal)}`, { cause: error });
  }
}

/** The body as UTF-8 text; stops reading, and throws naming the limit, once it passes `maxBytes`. */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  const tooLarge = (): UsageError =>
    new UsageError(`the answer of ${url} is larger than ${formatBytes(maxBytes)}, the most field-dependency reads from one answer; is it a metrics endpoint?`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** The useful part of a fetch failure: `connect ECONNREFUSED 127.0.0.1:9`, `no answer within 5000 ms`, … */
function networkCause(error: unknown, timeoutMs: number, signal: AbortSignal | undefined): string {
  if (signal?.aborted === true) return 'stopped before the answer was complete';
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
