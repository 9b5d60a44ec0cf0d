import { fetchText } from '../report/fetchText.js';
import { prometheusEnvelope } from '../report/prometheusEnvelope.js';
import { UsageError } from '../UsageError.js';

/** One series of a range query's answer: its labels and its finite values (NaN steps, such as 0/0, dropped) with their times. */
export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Unix seconds of each value. */
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/** The time range and resolution of a range query, in Unix seconds. */
export interface QueryRange {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/**
 * Runs a PromQL range query (`GET /api/v1/query_range`) on the Prometheus at `baseUrl`. Steps where a
 * series has no value, or a value that is not finite (a ratio with no calls: NaN), are left out.
 * @throws UsageError when the server cannot be reached, is not a Prometheus HTTP API, or rejects the query.
 */
export async function queryRange(baseUrl: string, promql: string, range: QueryRange, timeoutMs: number): Promise<RangeSeries[]> {
  const parameters = new URLSearchParams({ query: promql, start: String(range.start), end: String(range.end), step: String(range.step) });
  const data = await prometheusApi(baseUrl, `/api/v1/query_range?${parameters}`, timeoutMs, promql);
  const { resultType, result } = (data ?? {}) as { resultType?: unknown; result?: unknown };
  if (resultType !== 'matrix' || !Array.isArray(result)) {
    throw new UsageError(`${baseUrl} is not a Prometheus HTTP API: GET /api/v1/query_range answered without a matrix result`);
  }
  return result.map((item: { metric?: Record<string, string>; values?: [number, string][] }) => {
    const times: number[] = [];
    const values: number[] = [];
    for (const [time, text] of item.values ?? []) {
      const value = Number(text);
      if (!Number.isFinite(value)) continue;
      times.push(time);
      values.push(value);
    }
    return { labels: item.metric ?? {}, times, values };
  });
}

/**
 * How many series match `selector` at any time Prometheus still holds (`GET /api/v1/series`), to tell a
 * selector that matches nothing from a window without samples.
 * @throws UsageError as {@link queryRange} does.
 */
export async function countSeries(baseUrl: string, selector: string, timeoutMs: number): Promise<number> {
  const data = await prometheusApi(baseUrl, `/api/v1/series?${new URLSearchParams({ 'match[]': selector })}`, timeoutMs, selector);
  if (!Array.isArray(data)) throw new UsageError(`${baseUrl} is not a Prometheus HTTP API: GET /api/v1/series answered without a list of series`);
  return data.length;
}

/** GETs an API path and returns its `data`, or throws a UsageError saying what was wrong. */
async function prometheusApi(baseUrl: string, pathAndQuery: string, timeoutMs: number, asked: string): Promise<unknown> {
  const answer = await fetchText(`${baseUrl.replace(/\/+$/, '')}${pathAndQuery}`, timeoutMs);
  const { status, data, errorType, error } = prometheusEnvelope(answer);
  if (status === 'error') throw new UsageError(`Prometheus at ${baseUrl} rejected ${asked} (${String(errorType)}: ${String(error)})`);
  if (status !== 'success') {
    throw new UsageError(
      `${baseUrl} is not a Prometheus HTTP API: GET ${pathAndQuery.split('?')[0]} answered HTTP ${answer.status} ${answer.contentType.split(';')[0] || 'without a content type'}`,
    );
  }
  return data;
}
