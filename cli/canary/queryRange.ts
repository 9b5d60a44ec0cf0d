import { fetchText } from '../report/fetchText.js';
import { prometheusEnvelope } from '../report/prometheusEnvelope.js';
import { describeAnswerValue, samplePair, seriesLabels } from '../report/prometheusSample.js';
import { UsageError } from '../UsageError.js';

/**
 * One series of a range query's answer: its labels and its values with their times. Steps without a value,
 * and steps whose value is NaN (a ratio with no calls, 0/0), are left out; `+Inf` and `-Inf` are kept (a p99
 * above the largest histogram bucket is `+Inf`), for the judgement to see that they cannot be compared.
 */
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
 * series has no value, or NaN, are left out; infinite values are kept.
 * @throws UsageError when the server cannot be reached, is not a Prometheus HTTP API, rejects the query, or
 * answers a matrix that is not made of series of string labels and `[time, "value"]` pairs (the message
 * names the first thing wrong). `signal` stops the query (the run's deadline).
 */
export async function queryRange(baseUrl: string, promql: string, range: QueryRange, timeoutMs: number, signal?: AbortSignal): Promise<RangeSeries[]> {
  const parameters = new URLSearchParams({ query: promql, start: String(range.start), end: String(range.end), step: String(range.step) });
  const data = await prometheusApi(baseUrl, `/api/v1/query_range?${parameters}`, timeoutMs, promql, signal);
  const { resultType, result } = (data ?? {}) as { resultType?: unknown; result?: unknown };
  if (resultType !== 'matrix' || !Array.isArray(result)) {
    throw new UsageError(`${baseUrl} is not a Prometheus HTTP API: GET /api/v1/query_range answered without a matrix result`);
  }
  return result.map((item: unknown, index) => {
    const problem = (what: string) => new UsageError(`${baseUrl} answered ${promql} with a malformed matrix: data.result[${index}]${what}`);
    const labels = seriesLabels(item);
    if (typeof labels === 'string') throw problem(labels);
    const { values = [] } = item as { values?: unknown };
    if (!Array.isArray(values)) throw problem(`.values is ${describeAnswerValue(values)}, not a list of [time, "value"] pairs`);
    const times: number[] = [];
    const numbers: number[] = [];
    values.forEach((pair: unknown, step) => {
      const sample = samplePair(pair);
      if (sample === undefined) throw problem(`.values[${step}] is ${describeAnswerValue(pair)}, not a [time, "value"] pair such as [1796392800, "0.25"]`);
      if (Number.isNaN(sample.value)) return;
      times.push(sample.time);
      numbers.push(sample.value);
    });
    return { labels, times, values: numbers };
  });
}

/**
 * How many series match `selector` at any time Prometheus still holds (`GET /api/v1/series`), to tell a
 * selector that matches nothing from a window without samples.
 * @throws UsageError as {@link queryRange} does.
 */
export async function countSeries(baseUrl: string, selector: string, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const data = await prometheusApi(baseUrl, `/api/v1/series?${new URLSearchParams({ 'match[]': selector })}`, timeoutMs, selector, signal);
  if (!Array.isArray(data)) throw new UsageError(`${baseUrl} is not a Prometheus HTTP API: GET /api/v1/series answered without a list of series`);
  return data.length;
}

/** GETs an API path and returns its `data`, or throws a UsageError saying what was wrong. */
async function prometheusApi(baseUrl: string, pathAndQuery: string, timeoutMs: number, asked: string, signal: AbortSignal | undefined): Promise<unknown> {
  const answer = await fetchText(`${baseUrl.replace(/\/+$/, '')}${pathAndQuery}`, timeoutMs, { signal });
  const { status, data, errorType, error } = prometheusEnvelope(answer);
  if (status === 'error') throw new UsageError(`Prometheus at ${baseUrl} rejected ${asked} (${String(errorType)}: ${String(error)})`);
  if (status !== 'success') {
    throw new UsageError(
      `${baseUrl} is not a Prometheus HTTP API: GET ${pathAndQuery.split('?')[0]} answered HTTP ${answer.status} ${answer.contentType.split(';')[0] || 'without a content type'}`,
    );
  }
  return data;
}
