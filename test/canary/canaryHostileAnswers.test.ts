/**
 * `field-dependency canary` against Prometheus answers a healthy server does not give, on a real HTTP server on
 * 127.0.0.1: values that are not finite (never a pass), malformed matrices (exit 2 naming what was wrong, never
 * a stack), a server that stops answering (one deadline for the whole run), and label values holding control
 * characters (escaped in the text output, kept as they are in JSON).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CanaryJudgement } from '../../cli/canary/CanaryJudgement.js';
import { startHttpServer, type TestHttpServer } from '../operations/support/httpServer.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

const STEPS = 20;

/** One series of a matrix, as Prometheus answers it. */
interface MatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

/** What the test's Prometheus answers to one range query: its series, a `data` object as it is, or never. */
type RangeAnswer = { readonly series: readonly MatrixSeries[] } | { readonly data: unknown } | 'hang';

let servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/**
 * A Prometheus HTTP API on 127.0.0.1: `/api/v1/series` answers one series for either fleet; a range query is
 * answered by `answer` with the query's fleet, whether it asks for call rates (else for p99 latencies), and
 * the time of each step (`values` builds `[time, "value"]` pairs from one text per step).
 */
async function prometheus(answer: (query: { fleet: 'canary' | 'baseline'; calls: boolean; byField: boolean; values: (texts: readonly string[]) => [number, string][] }) => RangeAnswer): Promise<TestHttpServer> {
  const server = await startHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (body: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v1/series') return json({ status: 'success', data: [{ __name__: 'field_dependency_calls_total' }] });
    const promql = url.searchParams.get('query') ?? '';
    const start = Number(url.searchParams.get('start'));
    const step = Number(url.searchParams.get('step'));
    const given = answer({
      fleet: promql.includes('track="canary"') ? 'canary' : 'baseline',
      calls: promql.includes('field_dependency_calls_total'),
      byField: promql.includes('by (owner, field,'),
      values: (texts) => texts.map((text, index) => [start + index * step, text]),
    });
    if (given === 'hang') return undefined;
    return json({ status: 'success', data: 'data' in given ? given.data : { resultType: 'matrix', result: given.series } });
  });
  servers.push(server);
  return server;
}

const steady = (text: string): string[] => Array.from({ length: STEPS }, () => text);
/** Values around `level` with a small deterministic wobble, so that the samples are not all tied. */
const around = (level: number, seed: number): string[] => Array.from({ length: STEPS }, (_, index) => String(level * (1 + 0.1 * Math.sin(index * 2.3 + seed))));

/** A healthy answer for one owner and field: 100 calls a second, 1% degraded, p99 about 50 ms. */
function healthy(query: Parameters<Parameters<typeof prometheus>[0]>[0], owner = 'shopping', field = 'cart'): RangeAnswer {
  const seed = query.fleet === 'canary' ? 1 : 2;
  const labels = { owner, field, critical: 'false' };
  if (query.calls) {
    return {
      series: [
        { metric: { ...labels, outcome: 'success' }, values: query.values(around(99, seed)) },
        { metric: { ...labels, outcome: 'degraded' }, values: query.values(around(1, seed)) },
      ],
    };
  }
  return { series: [{ metric: query.byField ? { owner, field } : { owner }, values: query.values(around(0.05, seed)) }] };
}

function canaryArgs(url: string, ...extra: string[]): string[] {
  return ['canary', '--prometheus', url, '--canary', 'track="canary"', '--baseline', 'track="baseline"', '--end', '2026-11-30T14:00:00Z', ...extra];
}

describe('canary: values that are not finite are never a pass', () => {
  it('call rates whose sum overflows to Infinity make the degradation ratio nodata, judged: exit 1, not a score of 100', async () => {
    // 1e308 successful and 1e308 degraded calls a second: their sum is Infinity, and 1e308 / Infinity = 0 degraded
    const server = await prometheus((query) =>
      query.fleet === 'canary' && query.calls
        ? {
            series: [
              { metric: { owner: 'shopping', field: 'cart', critical: 'false', outcome: 'success' }, values: query.values(steady('1e308')) },
              { metric: { owner: 'shopping', field: 'cart', critical: 'false', outcome: 'degraded' }, values: query.values(steady('1e308')) },
            ],
          }
        : healthy(query),
    );
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.verdict).not.toBe('pass');
    expect(judgement.score).toBe(50);
    const degradation = judgement.owners[0]?.metrics.filter((metric) => metric.signal === 'degradation');
    expect(degradation?.map((metric) => [metric.field, metric.classification, metric.judged])).toEqual([
      [null, 'nodata', true],
      ['cart', 'nodata', true],
    ]);
    expect(degradation?.[0]?.reason).toBe(
      'canary: 20 of 20 steps not finite (NaN 20): not finite numbers cannot be compared (Prometheus answered ±Inf, such as a p99 above the largest ' +
        'histogram bucket, or rates too large to add up); counted as not passing',
    );
  });

  it('a p99 of +Inf (above the largest bucket) and -Inf are nodata, judged, naming them; NaN is a step without a value', async () => {
    const server = await prometheus((query) => {
      if (query.fleet === 'canary' && !query.calls && query.byField) {
        return { series: [{ metric: { owner: 'shopping', field: 'cart' }, values: query.values([...steady('+Inf').slice(0, 17), '-Inf', '0.05', 'NaN']) }] };
      }
      return healthy(query);
    });
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const latency = (JSON.parse(result.stdout) as CanaryJudgement).owners[0]?.metrics.find((metric) => metric.signal === 'latencyP99' && metric.field === 'cart');
    expect(latency).toMatchObject({ classification: 'nodata', judged: true, canary: { samples: 1, median: 0.05 } });
    expect(latency?.reason).toMatch(/^canary: 18 of 19 steps not finite \(\+Inf 17, -Inf 1\): not finite numbers cannot be compared/);
  });

  it('a sum of finite values too large to add up is nodata too', async () => {
    const server = await prometheus((query) =>
      query.fleet === 'baseline' && !query.calls && !query.byField ? { series: [{ metric: { owner: 'shopping' }, values: query.values(steady('1.7e308')) }] } : healthy(query),
    );
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));

    expect(result.status).toBe(1);
    const latency = (JSON.parse(result.stdout) as CanaryJudgement).owners[0]?.metrics.find((metric) => metric.signal === 'latencyP99' && metric.field === null);
    expect(latency).toMatchObject({ classification: 'nodata', judged: true });
    expect(latency?.reason).toMatch(/^baseline: values too large to add up \(their sum exceeds 1\.8e\+308\)/);
  });
});

describe('canary: a malformed answer exits 2 naming what was wrong, without a stack', () => {
  const calls = (result: unknown): RangeAnswer => ({ data: { resultType: 'matrix', result } });
  it.each([
    ['a series that is null', calls([null]), 'data.result[0] is null, not a series object'],
    ['values that are not a list', calls([{ metric: { owner: 'shopping' }, values: 5 }]), 'data.result[0].values is 5, not a list of [time, "value"] pairs'],
    ['a value that is not a pair', calls([{ metric: { owner: 'shopping' }, values: [5] }]), 'data.result[0].values[0] is 5, not a [time, "value"] pair such as [1796392800, "0.25"]'],
    ['a value that is not a number', calls([{ metric: { owner: 'shopping' }, values: [[1796392800, 'lots']] }]), 'data.result[0].values[0] is [1796392800,"lots"], not a [time, "value"] pair'],
    ['an empty value', calls([{ metric: { owner: 'shopping' }, values: [[1796392800, '']] }]), 'data.result[0].values[0] is [1796392800,""], not a [time, "value"] pair'],
    ['a label that is not a string', calls([{ metric: { owner: 7 }, values: [] }]), 'data.result[0].metric["owner"] is 7, not a string'],
    ['labels that are not an object', calls([{ metric: 'owner', values: [] }]), 'data.result[0].metric is "owner", not an object of labels'],
    ['a result that is not a list', calls({ length: 1 }), 'is not a Prometheus HTTP API: GET /api/v1/query_range answered without a matrix result'],
  ])('%s', async (_case, answer, message) => {
    const server = await prometheus((query) => (query.fleet === 'canary' && query.calls ? answer : healthy(query)));
    const result = await runCliInProcess(canaryArgs(server.url));

    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr.split('\n')).toHaveLength(2);
  });
});

describe('canary: one deadline for the whole run', () => {
  it('exits 2 once --deadline passes, however long --timeout would wait for each answer', async () => {
    const server = await prometheus((query) => (query.calls ? healthy(query) : 'hang'));
    const result = await runCliInProcess(canaryArgs(server.url, '--timeout', '10m', '--deadline', '300ms'));

    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(
      `field-dependency: no verdict within --deadline 0.3s: Prometheus at ${server.url} had not answered every query by then ` +
        '(raise --deadline, or shorten --window or lengthen --step for smaller answers)\n',
    );
  });

  it.each([
    [['--deadline', '5ms'], "--deadline must be between 10ms and 1h; received '5ms'"],
    [['--deadline', 'soon'], "--deadline must be a duration such as 10s, 500ms or 1m; received 'soon'"],
  ])('exits 2 on a bad --deadline: %j', async (extra, message) => {
    const result = await runCliInProcess(canaryArgs('http://127.0.0.1:9', ...extra));
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`field-dependency: ${message}\n`);
  });

  it('documents its default in --help', async () => {
    const help = await runCliInProcess(['canary', '--help']);
    expect(help.stdout).toContain('--deadline <duration>  how long to wait for all of them, 10ms to 1h (default: 1m): exit 2 once it passes');
  });
});

describe('canary: control characters in label values', () => {
  const owner = 'shop\u001b[2J\u0007ping';
  const field = 'cart\r\u001b]52;c;ZXZpbA==\u0007\u009b31m';

  it('are escaped in the text output, and kept as they are in JSON', async () => {
    const server = await prometheus((query) => {
      if (query.calls && query.fleet === 'canary') {
        return {
          series: [
            { metric: { owner, field, critical: 'false', outcome: 'success' }, values: query.values(around(80, 1)) },
            { metric: { owner, field, critical: 'false', outcome: 'degraded' }, values: query.values(around(20, 1)) },
          ],
        };
      }
      return healthy(query, owner, field);
    });
    const text = await runCliInProcess(canaryArgs(server.url));

    expect(text.status).toBe(1);
    expect([...text.stdout].filter((character) => character !== '\n' && (character < ' ' || (character >= '\u007f' && character <= '\u009f')))).toEqual([]);
    expect(text.stdout).toContain('shop\\u001b[2J\\u0007ping  50  fail');
    expect(text.stdout).toMatch(/^ {2}high +degradation ratio +cart\\u000d\\u001b\]52;c;ZXZpbA==\\u0007\\u009b31m +20/m);
    expect(text.stdout).toContain('owners below it: shop\\u001b[2J\\u0007ping 50');

    const json = JSON.parse((await runCliInProcess(canaryArgs(server.url, '--format', 'json'))).stdout) as CanaryJudgement;
    expect(json.owners[0]?.owner).toBe(owner);
    expect(json.owners[0]?.metrics.map((metric) => metric.field)).toContain(field);
  });
});
