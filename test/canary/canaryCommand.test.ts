/**
 * `field-dependency canary` end to end through the real CLI dispatcher, against a fake Prometheus HTTP API
 * on 127.0.0.1 that answers fixed series: every exit path, both output formats, the owner weighting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { startFakePrometheus, type FakePrometheus, type FakeSeries } from './support/fakePrometheus.js';
import { freePort } from '../operations/support/freePort.js';
import { startHttpServer } from '../operations/support/httpServer.js';
import type { CanaryJudgement } from '../../cli/canary/CanaryJudgement.js';

const STEPS = 20;
let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** `STEPS` values around `level`, with a small deterministic wobble (so that the samples are not all tied). */
function around(level: number, wobble: number, seed = 1): number[] {
  return Array.from({ length: STEPS }, (_, index) => Math.max(0, level + wobble * Math.sin(index * 2.3 + seed)));
}

/** The three signals of an owner and one field on one fleet, healthy unless overridden. */
function fleet(
  fleetName: 'canary' | 'baseline',
  owner: string,
  field: string,
  overrides: Partial<Record<FakeSeries['signal'], readonly (number | null)[]>> = {},
  seed = fleetName === 'canary' ? 1 : 2,
): FakeSeries[] {
  const healthy = { degradation: around(0.01, 0.004, seed), criticalFailure: around(0, 0, seed), latencyP99: around(0.05, 0.01, seed) };
  return (['degradation', 'criticalFailure', 'latencyP99'] as const).flatMap((signal) => {
    const values = overrides[signal] ?? healthy[signal];
    return [
      { fleet: fleetName, signal, owner, values },
      { fleet: fleetName, signal, owner, field, values },
    ];
  });
}

async function prometheus(series: FakeSeries[]): Promise<FakePrometheus> {
  const server = await startFakePrometheus(series);
  servers.push(server);
  return server;
}

function canaryArgs(url: string, ...extra: string[]): string[] {
  return ['canary', '--prometheus', url, '--canary', 'track="canary"', '--baseline', 'track="baseline"', '--end', '2026-11-30T14:00:00Z', ...extra];
}

const HEALTHY = [
  ...fleet('canary', 'boards', 'board'),
  ...fleet('baseline', 'boards', 'board'),
  ...fleet('canary', 'shopping', 'shopping'),
  ...fleet('baseline', 'shopping', 'shopping'),
];

describe('field-dependency canary', () => {
  it('passes (exit 0) when the canary behaves like the baseline, with three range queries per fleet', async () => {
    const server = await prometheus(HEALTHY);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement).toMatchObject({ version: 1, verdict: 'pass', score: 100, thresholds: { pass: 95, marginal: 75 }, canary: 'track="canary"', baseline: 'track="baseline"' });
    expect(judgement.window).toEqual({ start: '2026-11-30T13:50:00.000Z', end: '2026-11-30T14:00:00.000Z', stepSeconds: 30 });
    expect(judgement.owners.map((owner) => [owner.owner, owner.score, owner.verdict])).toEqual([
      ['boards', 100, 'pass'],
      ['shopping', 100, 'pass'],
    ]);
    expect(server.queries.sort()).toEqual([
      'histogram_quantile(0.99, sum by (owner, field, le) (rate(field_dependency_duration_seconds_bucket{track="baseline"}[30s])))',
      'histogram_quantile(0.99, sum by (owner, field, le) (rate(field_dependency_duration_seconds_bucket{track="canary"}[30s])))',
      'histogram_quantile(0.99, sum by (owner, le) (rate(field_dependency_duration_seconds_bucket{track="baseline"}[30s])))',
      'histogram_quantile(0.99, sum by (owner, le) (rate(field_dependency_duration_seconds_bucket{track="canary"}[30s])))',
      'sum by (owner, field, critical, outcome) (rate(field_dependency_calls_total{track="baseline"}[30s]))',
      'sum by (owner, field, critical, outcome) (rate(field_dependency_calls_total{track="canary"}[30s]))',
    ]);
  });

  it('exits 1 naming the owner and the field whose degradation rose, worst owner first, with the numbers', async () => {
    const server = await prometheus([
      ...fleet('canary', 'boards', 'board'),
      ...fleet('baseline', 'boards', 'board'),
      ...fleet('canary', 'shopping', 'shopping', { degradation: around(0.2, 0.02) }),
      ...fleet('baseline', 'shopping', 'shopping'),
    ]);
    const text = await runCliInProcess(canaryArgs(server.url));
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^verdict FAIL {2}score 83\.3 \(pass ≥ 95, marginal ≥ 75\): score 83\.3 is below --pass 95; owners below it: shopping 66\.7$/m);
    const lines = text.stdout.split('\n');
    expect(lines.findIndex((line) => line.startsWith('shopping  66.7  fail'))).toBeLessThan(lines.findIndex((line) => line.startsWith('boards  100  pass')));
    expect(text.stdout).toMatch(/^ {2}high +degradation ratio +shopping +20% \(20 steps\) +1\.04% \(20 steps\) +×19\.7 +6\.8e-8 +\+19\.1% \[\+18%, \+20\.2%\]$/m);
    expect(text.stdout).toContain("shopping/shopping degradation ratio: high, the canary's degradation ratio is higher: the 95% interval of the shift is above 0");

    const json = JSON.parse((await runCliInProcess(canaryArgs(server.url, '--format', 'json'))).stdout) as CanaryJudgement;
    const shopping = json.owners[0];
    expect(shopping?.owner).toBe('shopping');
    const field = shopping?.metrics.find((metric) => metric.field === 'shopping' && metric.signal === 'degradation');
    expect(field).toMatchObject({ classification: 'high', judged: true, canary: { samples: 20 }, baseline: { samples: 20 } });
    expect(field?.pValue).toBeLessThan(1e-6);
    expect(field?.effectSize).toBeGreaterThan(15);
    expect(field?.shift?.lower).toBeGreaterThan(0.15);
    expect(field?.canary.median).toBeCloseTo(0.2, 1);
  });

  it('says marginal (exit 1) between --marginal and --pass', async () => {
    const server = await prometheus([
      ...fleet('canary', 'boards', 'board'),
      ...fleet('baseline', 'boards', 'board'),
      ...fleet('canary', 'shopping', 'shopping', { latencyP99: around(0.3, 0.02) }),
      ...fleet('baseline', 'shopping', 'shopping'),
    ]);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json', '--pass', '90', '--marginal', '60'));
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'marginal', score: 83.33333333333333 });
  });

  it('does not fail a canary that degrades less than its baseline (lower is fine)', async () => {
    const server = await prometheus([
      ...fleet('canary', 'shopping', 'shopping', { degradation: around(0.001, 0.0005) }),
      ...fleet('baseline', 'shopping', 'shopping', { degradation: around(0.2, 0.02) }),
    ]);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));
    expect(result.status).toBe(0);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.owners[0]?.metrics.filter((metric) => metric.signal === 'degradation').map((metric) => metric.classification)).toEqual(['low', 'low']);
  });

  it('fails the run on a higher critical failure ratio even when the score passes', async () => {
    const owners = Array.from({ length: 30 }, (_, index) => `team${String(index).padStart(2, '0')}`);
    const server = await prometheus([
      ...owners.flatMap((owner) => [...fleet('canary', owner, `${owner}Field`), ...fleet('baseline', owner, `${owner}Field`)]),
      ...fleet('canary', 'payments', 'price', { criticalFailure: around(0.05, 0.01) }),
      ...fleet('baseline', 'payments', 'price'),
    ]);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json', '--pass', '90'));
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.score).toBeGreaterThan(90);
    expect(judgement).toMatchObject({ verdict: 'fail', reason: 'critical dependencies fail more on the canary: payments, payments/price' });
    expect(judgement.owners[0]).toMatchObject({ owner: 'payments', verdict: 'fail' });
  });

  it('weighs owners equally: one owner with many healthy fields does not drown a regressed one', async () => {
    const fields = Array.from({ length: 20 }, (_, index) => `field${index}`);
    const server = await prometheus([
      ...fields.flatMap((field) => [...fleet('canary', 'big', field), ...fleet('baseline', 'big', field)]),
      ...fleet('canary', 'small', 'only', { degradation: around(0.3, 0.02) }),
      ...fleet('baseline', 'small', 'only'),
    ]);
    const judgement = JSON.parse((await runCliInProcess(canaryArgs(server.url, '--format', 'json'))).stdout) as CanaryJudgement;
    const small = judgement.owners.find((owner) => owner.owner === 'small');
    expect(small?.score).toBeCloseTo(66.667, 2);
    // a plain share of metrics would be (2 + 3 × 21 − 2) / (3 × 21 + 6) ≈ 97%, a pass; per owner it is (100 + 66.7) / 2
    expect(judgement.score).toBeCloseTo(83.333, 2);
    expect(judgement.verdict).toBe('fail');
  });

  it('is no better than its worst owner: one regressed owner among thirty fails the run though the mean passes', async () => {
    const owners = Array.from({ length: 30 }, (_, index) => `team${String(index).padStart(2, '0')}`);
    const server = await prometheus([
      ...owners.flatMap((owner) => [...fleet('canary', owner, `${owner}Field`), ...fleet('baseline', owner, `${owner}Field`)]),
      ...fleet('canary', 'search', 'results', { degradation: around(0.3, 0.02) }),
      ...fleet('baseline', 'search', 'results'),
    ]);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.score).toBeCloseTo(98.925, 2);
    expect(judgement).toMatchObject({ verdict: 'fail', reason: 'owners below --pass 95: search 66.7 (score 98.9)' });
    expect(judgement.owners[0]).toMatchObject({ owner: 'search', verdict: 'fail' });
  });

  it('counts a canary without traffic as nodata against the score (never a silent pass), and lists fields idle on both fleets unjudged', async () => {
    const idle = Array.from({ length: STEPS }, () => null);
    const server = await prometheus([
      ...fleet('canary', 'boards', 'board'),
      ...fleet('baseline', 'boards', 'board'),
      ...fleet('canary', 'shopping', 'shopping', { degradation: idle, latencyP99: idle }),
      ...fleet('baseline', 'shopping', 'shopping'),
      { fleet: 'canary', signal: 'degradation', owner: 'boards', field: 'rarely', values: [0, null, null, null] },
      { fleet: 'baseline', signal: 'degradation', owner: 'boards', field: 'rarely', values: [null, 0, null, null] },
    ]);
    const result = await runCliInProcess(canaryArgs(server.url, '--format', 'json'));
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    const shopping = judgement.owners.find((owner) => owner.owner === 'shopping');
    expect(shopping?.metrics.filter((metric) => metric.classification === 'nodata').map((metric) => [metric.signal, metric.field, metric.judged, metric.reason])).toEqual([
      ['degradation', null, true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
      ['criticalFailure', null, true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
      ['latencyP99', null, true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
      ['degradation', 'shopping', true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
      ['criticalFailure', 'shopping', true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
      ['latencyP99', 'shopping', true, 'fewer than 5 steps with traffic (canary 0): widen --window or lengthen --step'],
    ]);
    const rarely = judgement.owners.find((owner) => owner.owner === 'boards')?.metrics.find((metric) => metric.field === 'rarely');
    expect(rarely).toMatchObject({ classification: 'nodata', judged: false, reason: 'fewer than 5 steps with traffic (canary 1, baseline 1): widen --window or lengthen --step' });
    expect(judgement.owners.find((owner) => owner.owner === 'boards')?.score).toBe(100);
  });

  it('exits 2 naming an unreachable Prometheus', async () => {
    const port = await freePort();
    const result = await runCliInProcess(canaryArgs(`http://127.0.0.1:${port}`));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `field-dependency: cannot reach http://127.0.0.1:${port}/api/v1/series?match%5B%5D=field_dependency_calls_total%7Btrack%3D%22canary%22%7D: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  it('exits 2 when the URL is not a Prometheus', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>');
    });
    servers.push(server);
    const result = await runCliInProcess(canaryArgs(server.url));
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`field-dependency: ${server.url} is not a Prometheus HTTP API: GET /api/v1/series answered HTTP 200 text/html\n`);
  });

  it('exits 2 naming a selector that matches nothing, and one Prometheus rejects', async () => {
    const server = await prometheus(HEALTHY);
    const nothing = await runCliInProcess(['canary', '--prometheus', server.url, '--canary', 'track="canry"', '--baseline', 'track="baseline"']);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toBe(
      `field-dependency: --canary track="canry" matches no series at ${server.url}: no field_dependency_calls_total{track="canry"} (check the label and its value)\n`,
    );
    const rejected = await runCliInProcess(['canary', '--prometheus', server.url, '--canary', 'track="canary"', '--baseline', 'track=~"("']);
    expect(rejected.status).toBe(2);
    expect(rejected.stderr).toBe(
      `field-dependency: --baseline "track=~\\"(\\"" is not a PromQL label matcher list such as track="baseline": Prometheus at ${server.url} rejected ` +
        'field_dependency_calls_total{track=~"("} (bad_data: invalid regular expression: missing closing ))\n',
    );
  });

  it('exits 2 when a fleet has no sample in the window', async () => {
    const idle = Array.from({ length: STEPS }, () => null);
    const server = await prometheus([
      ...fleet('canary', 'boards', 'board', { degradation: idle }),
      ...fleet('baseline', 'boards', 'board'),
    ]);
    const result = await runCliInProcess(canaryArgs(server.url));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'field-dependency: --canary track="canary" has no field-dependency calls from 2026-11-30T13:50:30.000Z to 2026-11-30T14:00:00.000Z: no samples in the window (is --end right? did it get traffic?)\n',
    );
  });

  it.each([
    [['--canary', 'track="canary"', '--baseline', 'track="baseline"'], /^field-dependency: missing --prometheus\n\nUsage: field-dependency canary/],
    [['--prometheus', 'localhost:9090', '--canary', 'a="b"', '--baseline', 'a="c"'], /--prometheus must be an http:\/\/ or https:\/\/ URL, such as http:\/\/127\.0\.0\.1:9090; received 'localhost:9090'/],
    [['--prometheus', 'http://x', '--canary', '{track="canary"}', '--baseline', 'a="c"'], /--canary must be PromQL label matchers without braces, such as 'track="canary"'; received '\{track="canary"\}'/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="b"'], /--canary and --baseline are the same selector \('a="b"'\)/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--window', '1m', '--step', '30s'], /--window 1m holds 2 steps of 30s; a judgement needs at least 5: widen --window or shorten --step/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--window', '10x', '--step', '10s'], /--window must be a duration such as 10s, 500ms or 1m; received '10x'/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--window', '48h', '--step', '10s'], /--window 48h holds 17280 steps of 10s; Prometheus answers at most 11000: lengthen --step/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--step', '500ms'], /--step must be at least 1s/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--end', 'yesterday'], /--end must be an RFC 3339 time such as 2026-11-30T14:00:00Z or Unix seconds such as 1796392800; received 'yesterday'/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--pass', '101'], /--pass must be a score from 0 to 100, such as 95; received '101'/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--pass', '80', '--marginal', '90'], /--marginal 90 is above --pass 80/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--format', 'yaml'], /unknown --format 'yaml'; expected one of: text, json/],
    [['--prometheus', 'http://x', '--canary', 'a="b"', '--baseline', 'a="c"', '--verbose'], /Unknown option '--verbose'/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const result = await runCliInProcess(['canary', ...args]);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('accepts --end as Unix seconds, and prints its help', async () => {
    const server = await prometheus(HEALTHY);
    const result = await runCliInProcess(['canary', '--prometheus', server.url, '--canary', 'track="canary"', '--baseline', 'track="baseline"', '--end', '1796392800', '--window', '5m', '--step', '15s', '--format', 'json']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as CanaryJudgement).window).toEqual({ start: '2026-12-04T13:55:00.000Z', end: '2026-12-04T14:00:00.000Z', stepSeconds: 15 });
    const help = await runCliInProcess(['canary', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: field-dependency canary --prometheus URL --canary SELECTOR --baseline SELECTOR/);
  });
});
