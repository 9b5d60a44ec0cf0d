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
 * not): the call rates by outcome ({@link callRates}) for the canary's call-rate query, else the latency
 * series of the query's level (`by (owner, field`), one value per step from `start`. Owner-wide
 * degradation and critical failure series are not served: the CLI sums the fields' call rates. `/api/v1/series` answers one series
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
      const fleetSeries = series.filter((item) => item.fleet === fleet);
      const point = (index: number, value: number | null): [number, string] => [start + index * step, value === null ? 'NaN' : String(value)];
      if (promql.includes('by (owner, field, critical, outcome)')) {
        return answer({ status: 'success', data: { resultType: 'matrix', result: callRates(fleetSeries, point) } });
      }
      const byField = promql.includes('by (owner, field');
      const result = fleetSeries
        .filter((item) => item.signal === 'latencyP99' && (item.field !== undefined) === byField)
        .map((item) => ({
          metric: item.field === undefined ? { owner: item.owner } : { owner: item.owner, field: item.field },
          values: item.values.map((value, index) => point(index, value)),
        }));
      return answer({ status: 'success', data: { resultType: 'matrix', result } });
    }
    return answer({ status: 'error', errorType: 'not_found', error: 'not found' }, 404);
  });
  return Object.assign(server, { queries });
}

/**
 * The call rates by owner, field, critical and outcome that give a field's ratios: 100 calls a second at
 * each step with a degradation value (none where it is null), of which 100 × the degradation ratio
 * degraded and, for a field with a critical failure series (then critical), 100 × that ratio failed.
 */
function callRates(fleetSeries: readonly FakeSeries[], point: (index: number, value: number | null) => [number, string]): unknown[] {
  const fields = fleetSeries.filter((item) => item.signal === 'degradation' && item.field !== undefined);
  return fields.flatMap((item) => {
    const failures = fleetSeries.find((other) => other.signal === 'criticalFailure' && other.owner === item.owner && other.field === item.field);
    const labels = { owner: item.owner, field: item.field as string, critical: String(failures !== undefined) };
    const at = (rate: (ratio: number, index: number) => number) => item.values.map((ratio, index) => point(index, ratio === null ? null : rate(ratio, index)));
    const failed = (index: number) => 100 * (failures?.values[index] ?? 0);
    return [
      { metric: { ...labels, outcome: 'success' }, values: at((ratio, index) => 100 - 100 * ratio - failed(index)) },
      { metric: { ...labels, outcome: 'degraded' }, values: at((ratio) => 100 * ratio) },
      ...(failures === undefined ? [] : [{ metric: { ...labels, outcome: 'failed' }, values: at((_ratio, index) => failed(index)) }]),
    ];
  });
}
