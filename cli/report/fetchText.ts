import { UsageError } from '../UsageError.js';

/** An HTTP answer's status, content type and body. */
export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly body: string;
}

/**
 * GETs `url` and reads the whole answer, whatever its status.
 * @throws UsageError naming the URL and the cause when the URL is invalid, the server cannot be reached,
 * or it has not answered within `timeoutMs`.
 */
export async function fetchText(url: string, timeoutMs: number): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/plain;version=0.0.4, application/json;q=0.5, */*;q=0.1' } });
  } catch (error) {
    throw new UsageError(`cannot reach ${url}: ${networkCause(error, timeoutMs)}`, { cause: error });
  }
  try {
    return {
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
    };
  } catch (error) {
    throw new UsageError(`cannot read the answer of ${url}: ${networkCause(error, timeoutMs)}`, { cause: error });
  }
}

/** The useful part of a fetch failure: `connect ECONNREFUSED 127.0.0.1:9`, `no answer within 5000 ms`, … */
function networkCause(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
