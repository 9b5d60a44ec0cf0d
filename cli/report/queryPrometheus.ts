import { UsageError } from '../UsageError.js';
import { fetchText } from './fetchText.js';
import { prometheusEnvelope } from './prometheusEnvelope.js';

/** One series of an instant query's answer. */
export interface VectorSample {
  readonly labels: Readonly<Record<string, string>>;
  /** NaN for a ratio with nothing to divide. */
  readonly value: number;
}

/**
 * Runs an instant PromQL query on the Prometheus at `baseUrl` (`GET /api/v1/query`).
 * @throws UsageError when the server cannot be reached, is not a Prometheus HTTP API, or rejects the query.
 */
export async function queryPrometheus(baseUrl: string, promql: string, timeoutMs: number): Promise<VectorSample[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`;
  const answer = await fetchText(url, timeoutMs);
  const { status, data, errorType, error } = prometheusEnvelope(answer);
  if (status === 'error') throw new UsageError(`Prometheus at ${baseUrl} rejected the query (${String(errorType)}: ${String(error)}): ${promql}`);
  const result = (data as { resultType?: unknown; result?: unknown } | undefined)?.result;
  if (status !== 'success' || (data as { resultType?: unknown }).resultType !== 'vector' || !Array.isArray(result)) {
    throw new UsageError(
      `${baseUrl} is not a Prometheus HTTP API: GET /api/v1/query answered HTTP ${answer.status} ${answer.contentType.split(';')[0] || 'without a content type'}` +
        `${status === undefined ? '' : `, status ${JSON.stringify(status)}`}`,
    );
  }
  return result.map((item: { metric?: Record<string, string>; value?: [number, string] }) => ({
    labels: item.metric ?? {},
    value: Number(item.value?.[1]),
  }));
}
