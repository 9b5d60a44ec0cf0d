import { afterEach, describe, expect, it } from 'vitest';
import { OPERATING_QUERIES } from '../../cli/report/operatingQueries.js';
import { DECIDERS_BELOW_100, SHED_SHARE_BY_FIELD } from '../../cli/report/prometheusReport.js';
import { startHttpServer, type TestHttpServer } from './support/httpServer.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

/** A vector answer of the Prometheus HTTP API. */
function vector(samples: readonly [Record<string, string>, string][]): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result: samples.map(([metric, value]) => ({ metric, value: [1_700_000_000, value] })) } });
}

/** The report's queries: the README's, the deciders below 100 (id `decidersBelow100`) and the share of calls shed (id `shedShareByField`). */
const REPORT_QUERIES = [...OPERATING_QUERIES, { id: 'decidersBelow100', promql: DECIDERS_BELOW_100 }, { id: 'shedShareByField', promql: SHED_SHARE_BY_FIELD }];

/** The queries answered with no sample unless given: the deciders and the brownout, which most services do not use. */
const EMPTY_UNLESS_GIVEN = new Set(['decidersBelow100', 'shedByField', 'shedShareByField', 'brownoutAdmitted']);

/**
 * A stand-in for the Prometheus HTTP API on 127.0.0.1 that answers each of the report's queries with
 * `answers[id]` (no decider below 100, no brownout and nothing shed unless given).
 */
async function fakePrometheus(answers: Record<string, string>): Promise<TestHttpServer> {
  return startHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const query = REPORT_QUERIES.find((candidate) => candidate.promql === url.searchParams.get('query'));
    if (query !== undefined && EMPTY_UNLESS_GIVEN.has(query.id) && answers[query.id] === undefined) {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(vector([]));
    }
    if (url.pathname !== '/api/v1/query' || query === undefined || answers[query.id] === undefined) {
      return void response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'unexpected query' }));
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(answers[query.id]);
  });
}

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('field-dependency report --prometheus (PromQL over the HTTP API)', () => {
  it('runs the README queries and prints the owners, the most degraded first', async () => {
    server = await fakePrometheus({
      callRateByOwner: vector([
        [{ owner: 'comments' }, '12.5'],
        [{ owner: 'shopping' }, '10'],
        [{ owner: 'idle' }, '0'],
      ]),
      degradedRatioByOwner: vector([
        [{ owner: 'shopping' }, '0.75'],
        [{ owner: 'comments' }, '0'],
        [{ owner: 'idle' }, 'NaN'],
      ]),
      reasonsByOwner: vector([
        [{ owner: 'shopping', reason: 'timeout' }, '1.5'],
        [{ owner: 'shopping', reason: 'breaker_open' }, '6'],
      ]),
      openBreakers: vector([[{ owner: 'shopping', field: 'shopping' }, '2']]),
      criticalFailures: vector([]),
    });

    const run = await runCliInProcess(['report', '--prometheus', server.url]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `Field dependencies by owner, over the last 5m, from ${server.url}`,
        '',
        'owner     calls/s  degraded  top reasons                          open breakers  critical failures/s',
        'shopping    10.00     75.0%  breaker_open 6.00/s, timeout 1.50/s  shopping                      0.00',
        'comments    12.50      0.0%  -                                    -                             0.00',
        'idle         0.00         -  -                                    -                             0.00',
        '',
      ].join('\n'),
    );
  });

  it('sums critical failures of an owner’s fields', async () => {
    server = await fakePrometheus({
      callRateByOwner: vector([[{ owner: 'images' }, '20']]),
      degradedRatioByOwner: vector([[{ owner: 'images' }, '0.1']]),
      reasonsByOwner: vector([[{ owner: 'images', reason: 'error' }, '2']]),
      openBreakers: vector([]),
      criticalFailures: vector([
        [{ owner: 'images', field: 'images' }, '1.5'],
        [{ owner: 'images', field: 'thumbnails' }, '0.5'],
      ]),
    });
    const run = await runCliInProcess(['report', '--prometheus', `${server.url}/`, '--format', 'json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      source: `${server.url}/`,
      windowSeconds: 300,
      owners: [{ owner: 'images', callsPerSecond: 20, degradedRatio: 0.1, topReasons: [{ reason: 'error', perSecond: 2 }], openBreakers: [], criticalFailuresPerSecond: 2 }],
      deciders: [],
      shed: [],
      brownout: null,
    });
  });
});

describe('field-dependency report --prometheus: sources it cannot read exit 2, saying why', () => {
  it('an unreachable server', async () => {
    const closed = await startHttpServer(() => undefined);
    await closed.close();
    const run = await runCliInProcess(['report', '--prometheus', closed.url]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`field-dependency: cannot reach ${closed.url}/api/v1/query?query=${encodeURIComponent(OPERATING_QUERIES[1]?.promql ?? '')}: connect ECONNREFUSED ${closed.url.slice(7)}\n`);
  });

  it('a server that is not Prometheus (a web page)', async () => {
    server = await startHttpServer((_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>'));
    const run = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: ${server.url} is not a Prometheus HTTP API: GET /api/v1/query answered HTTP 200 text/html\n` });
  });

  it('a server that is not Prometheus (other JSON, an error status)', async () => {
    server = await startHttpServer((_request, response) => void response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}'));
    const run = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: ${server.url} is not a Prometheus HTTP API: GET /api/v1/query answered HTTP 404 application/json\n` });
  });

  it('a Prometheus that rejects a query', async () => {
    server = await fakePrometheus({});
    const run = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`field-dependency: Prometheus at ${server.url} rejected the query (bad_data: unexpected query): ${OPERATING_QUERIES[1]?.promql}\n`);
  });

  it('a Prometheus without field-dependency metrics', async () => {
    server = await fakePrometheus({ callRateByOwner: vector([]) });
    const run = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `field-dependency: Prometheus at ${server.url} has no field_dependency_calls_total samples over the last 5 minutes: does it scrape the services' /metrics?\n`,
    });
  });
});

describe('field-dependency report --prometheus: deciders', () => {
  it('lists the fields whose decider is below 100, lowest first, after the table and in the JSON', async () => {
    server = await fakePrometheus({
      callRateByOwner: vector([[{ owner: 'shopping' }, '10']]),
      degradedRatioByOwner: vector([[{ owner: 'shopping' }, '0.5']]),
      reasonsByOwner: vector([[{ owner: 'shopping', reason: 'disabled' }, '5']]),
      openBreakers: vector([]),
      criticalFailures: vector([]),
      decidersBelow100: vector([
        [{ owner: 'shopping', field: 'shipping' }, '37.5'],
        [{ owner: 'shopping', field: 'shopping' }, '0'],
      ]),
    });

    const text = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n').slice(-5)).toEqual([
      '',
      'Deciders below 100 (the other calls answer with the fallback, reason disabled):',
      '  shopping/shopping  0% (switched off)',
      '  shopping/shipping  37.5%',
      '',
    ]);
    const json = await runCliInProcess(['report', '--prometheus', server.url, '--format', 'json']);
    expect(JSON.parse(json.stdout).deciders).toEqual([
      { owner: 'shopping', field: 'shopping', percent: 0 },
      { owner: 'shopping', field: 'shipping', percent: 37.5 },
    ]);
  });
});

describe('field-dependency report --prometheus: brownout', () => {
  const owners = {
    callRateByOwner: vector([
      [{ owner: 'shopping' }, '40'],
      [{ owner: 'comments' }, '10'],
    ]),
    degradedRatioByOwner: vector([
      [{ owner: 'shopping' }, '0'],
      [{ owner: 'comments' }, '0'],
    ]),
    reasonsByOwner: vector([
      [{ owner: 'shopping', reason: 'shed' }, '30'],
      [{ owner: 'comments', reason: 'shed' }, '2'],
    ]),
    openBreakers: vector([]),
    criticalFailures: vector([]),
  };

  it('prints the level in force and the fields shed, with their share of calls, after the table and in the JSON', async () => {
    server = await fakePrometheus({
      ...owners,
      shedByField: vector([
        [{ owner: 'shopping', field: 'shopping' }, '30'],
        [{ owner: 'comments', field: 'commentCounts' }, '2'],
      ]),
      shedShareByField: vector([
        [{ owner: 'shopping', field: 'shopping' }, '0.75'],
        [{ owner: 'comments', field: 'commentCounts' }, '0.2'],
      ]),
      brownoutAdmitted: vector([
        [{ tier: '3', priority: 'low' }, '0'],
        [{ tier: '2', priority: 'low' }, '0.5'],
        [{ tier: '3', priority: 'normal' }, '1'],
        [{ tier: '2', priority: 'normal' }, '1'],
        [{ tier: '3', priority: 'high' }, '1'],
        [{ tier: '2', priority: 'high' }, '1'],
      ]),
    });

    const text = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n').slice(-9)).toEqual([
      '',
      'Brownout in force: level 1.5 of 6 (classes of optional calls shed; the lowest share admitted among the instances):',
      '  tier 3, low priority    0.0% admitted',
      '  tier 2, low priority   50.0% admitted',
      '',
      "Shed by the brownout (the fallback at once, the upstream not called: not counted against the owner's degraded %):",
      '  shopping/shopping       30.00/s  75.0% of its calls',
      '  comments/commentCounts   2.00/s  20.0% of its calls',
      '',
    ]);
    const json = await runCliInProcess(['report', '--prometheus', server.url, '--format', 'json']);
    const report = JSON.parse(json.stdout) as { shed: unknown; brownout: unknown };
    expect(report.shed).toEqual([
      { owner: 'shopping', field: 'shopping', perSecond: 30, share: 0.75 },
      { owner: 'comments', field: 'commentCounts', perSecond: 2, share: 0.2 },
    ]);
    expect(report.brownout).toEqual({
      level: 1.5,
      classes: [
        { tier: '3', priority: 'low', admitted: 0 },
        { tier: '2', priority: 'low', admitted: 0.5 },
      ],
    });
  });

  it('says full service when the brownout admits everything, and a share Prometheus did not answer as -', async () => {
    server = await fakePrometheus({
      ...owners,
      shedByField: vector([[{ owner: 'shopping', field: 'shopping' }, '0.5']]),
      brownoutAdmitted: vector([
        [{ tier: '3', priority: 'low' }, '1'],
        [{ tier: '2', priority: 'low' }, '1'],
      ]),
    });
    const text = await runCliInProcess(['report', '--prometheus', server.url]);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n').slice(-6)).toEqual([
      '',
      'Brownout: full service (level 0).',
      '',
      "Shed by the brownout (the fallback at once, the upstream not called: not counted against the owner's degraded %):",
      '  shopping/shopping  0.50/s  -',
      '',
    ]);
  });
});
