import { UsageError } from '../UsageError.js';
import { fetchText } from './fetchText.js';
import { prometheusEnvelope } from './prometheusEnvelope.js';
import { describeAnswerValue, samplePair, seriesLabels } from './prometheusSample.js';

/** One series of an instant query's answer. */
export interface VectorSample {
  readonly labels: Readonly<Record<string, string>>;
  /** NaN for a ratio with nothing to divide. */
  readonly value: number;
}

/**
 * Runs an instant PromQL query on the Prometheus at `baseUrl` (`GET /api/v1/query`).
 * @throws UsageError when the server cannot be reached, is not a Prometheus HTTP API, rejects the query, or
 * answers a vector that is not made of series of string labels and a `[time, "value"]` pair (the message
 * names the first thing wrong).
 */
export async function queryPrometheus(baseUrl: string, promql: string, timeoutMs: number): Promise<VectorSample[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`;
  const answer = await fetchText(url, timeoutMs);
  const { status, data, errorType, error } = prometheusEnvelope(answer);
  if (status === 'error') throw new UsageError(`Prometheus at ${baseUrl} rejected the query (${String(errorType)}: ${String(error)}): ${promql}`);
  const { resultType, result } = (typeof data === 'object' && data !== null ? data : {}) as { resultType?: unknown; result?: unknown };
  if (status !== 'success' || resultType !== 'vector' || !Array.isArray(result)) {
    throw new UsageError(
      `${baseUrl} is not a Prometheus HTTP API: GET /api/v1/query answered HTTP ${answer.status} ${answer.contentType.split(';')[0] || 'without a content type'}` +
        `${status === undefined ? '' : `, status ${JSON.stringify(status)}`}`,
    );
  }
  return result.map((item: unknown, index) => {
    const problem = (what: string) => new UsageError(`${baseUrl} answered ${promql} with a malformed vector: data.result[${index}]${what}`);
    const labels = seriesLabels(item);
    if (typeof labels === 'string') throw problem(labels);
    const { value } = item as { value?: unknown };
    const sample = samplePair(value);
    if (sample === undefined) throw problem(`.value is ${describeAnswerValue(value)}, not a [time, "value"] pair such as [1796392800, "0.25"]`);
    return { labels, value: sample.value };
  });
}
