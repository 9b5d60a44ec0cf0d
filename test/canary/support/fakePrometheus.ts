import { startHttpServer, type TestHttpServer } from '../../operations/support/httpServer.js';

/** Per-step values of one signal for one owner (field omitted: owner-wide). */
export interface FakeSeries {
  readonly fleet: 'canary' | 'baseline';
  readonly signal: 'degradation' | 'criticalFailure' | 'latencyP99';
  readonly owner: string;
  readonly field?: string;
  /** null: a step without a value (Prometheus answers NaN for a ratio with no calls). */
  readonly values: readonly (number | null)[];
}

/** A fake Prometheus HTTP API on 127.0.0.1 answering `/api/v1/series` and `/api/v1/query_range` from fixed series. */
export interface FakePrometheus extends TestHttpServer {
  /** The PromQL of every range query received. */
  readonly queries: string[];
}

/**
 * Starts the fake: a range query is answered with the series of its fleet (`track="canary"` in the query or
 * not), its signal (`histogram_quantile`: latency; `critical="true"`: critical failures; else degradation)
 * and its level (`by (owner, field`), one value per step from `start`. `/api/v1/series` answers one series
 * per owner of the fleet named by the selector, none for an unknown `track`.
 */
export async function startFakePrometheus(series: readonly FakeSeries[]): Promise<FakePrometheus> {
  const queries: string[] = [];
  const server = await startHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = (body: unknown, status = 200): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fleetOf = (promql: string) => (promql.includes('track="canary"') ? 'canary' : promql.includes('track="baseline"') ? 'baseline' : undefined);
    if (url.pathname === '/api/v1/series') {
      const match = url.searchParams.get('match[]') ?? '';
      if (match.includes('"("')) return answer({ status: 'error', errorType: 'bad_data', error: 'invalid regular expression: missing closing )' }, 400);
      const fleet = fleetOf(match);
      const owners = [...new Set(series.filter((item) => item.fleet === fleet).map((item) => item.owner))];
      return answer({ status: 'success', data: owners.map((owner) => ({ __name__: 'field_dependency_calls_total', owner })) });
    }
    if (url.pathname === '/api/v1/query_range') {
      const promql = url.searchParams.get('query') ?? '';
      queries.push(promql);
      const start = Number(url.searchParams.get('start'));
      const step = Number(url.searchParams.get('step'));
      const fleet = fleetOf(promql);
      const signal = promql.includes('histogram_quantile') ? 'latencyP99' : promql.includes('critical="true"') ? 'criticalFailure' : 'degradation';
      const byField = promql.includes('by (owner, field');
      const result = series
        .filter((item) => item.fleet === fleet && item.signal === signal && (item.field !== undefined) === byField)
        .map((item) => ({
          metric: item.field === undefined ? { owner: item.owner } : { owner: item.owner, field: item.field },
          values: item.values.map((value, index) => [start + index * step, value === null ? 'NaN' : String(value)]),
        }));
      return answer({ status: 'success', data: { resultType: 'matrix', result } });
    }
    return answer({ status: 'error', errorType: 'not_found', error: 'not found' }, 404);
  });
  return Object.assign(server, { queries });
}
