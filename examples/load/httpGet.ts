import { get, type IncomingHttpHeaders } from 'node:http';

/** A whole HTTP answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * `GET url` on a connection of its own, closed after the answer: no keep-alive socket is left behind,
 * so a process that only uses this exits as soon as its work is done. Rejects on a connection error
 * or when `signal` aborts.
 */
export function httpGet(url: string, signal?: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, ...(signal === undefined ? {} : { signal }) }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: <T>() => JSON.parse(text) as T }));
    });
    request.on('error', reject);
  });
}
