import { Counter, Gauge, Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportFromScrapes } from '../../cli/report/scrapeReport.js';
import { REQUEST_PRIORITIES, SHEDDABLE_TIERS } from '../../src/contract/brownoutClasses.js';
import { CALL_OUTCOMES, METRIC_LABELS, METRIC_NAMES } from '../../src/contract/metricNames.js';
import { startHttpServer, type TestHttpServer } from './support/httpServer.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

/**
 * `report --url` on a service that browns out: a real prom-client registry publishing the contract's metrics
 * (calls with outcome `shed`, degradations with reason `shed`, the admitted share per tier and request
 * priority) as the runtime publishes them, counted up by one round of traffic before each scrape.
 */
let registry: Registry;
let calls: Counter;
let degradations: Counter;
let admitted: Gauge;
let round: () => void;

beforeEach(() => {
  registry = new Registry();
  calls = new Counter({ name: METRIC_NAMES.calls, help: 'calls', labelNames: [...METRIC_LABELS.calls], registers: [registry] });
  degradations = new Counter({ name: METRIC_NAMES.degradations, help: 'degradations', labelNames: [...METRIC_LABELS.degradations], registers: [registry] });
  admitted = new Gauge({ name: METRIC_NAMES.brownoutAdmitted, help: 'admitted', labelNames: [...METRIC_LABELS.brownoutAdmitted], registers: [registry] });
  for (const tier of SHEDDABLE_TIERS) for (const priority of REQUEST_PRIORITIES) admitted.set({ tier: String(tier), priority }, 1);
  // level 0.75: three quarters of the tier-3 calls of low-priority requests shed
  admitted.set({ tier: '3', priority: 'low' }, 0.25);
  round = () => {
    const call = (field: string, owner: string, outcome: string, count: number) => calls.inc({ field, owner, critical: 'false', outcome }, count);
    // shopping: 3 calls shed, 1 served; merchant (same owner): 2 served, 2 degraded by errors
    call('shopping', 'shopping', CALL_OUTCOMES.shed, 3);
    call('shopping', 'shopping', CALL_OUTCOMES.success, 1);
    call('merchant', 'shopping', CALL_OUTCOMES.success, 2);
    call('merchant', 'shopping', CALL_OUTCOMES.degraded, 2);
    call('commentCounts', 'comments', CALL_OUTCOMES.success, 4);
    degradations.inc({ field: 'shopping', owner: 'shopping', reason: 'shed' }, 3);
    degradations.inc({ field: 'merchant', owner: 'shopping', reason: 'error' }, 2);
  };
});

let service: TestHttpServer;
beforeAll(async () => {
  service = await startHttpServer(async (request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end('not found');
    round();
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
});
afterAll(() => service.close());

describe('field-dependency report --url on a service that browns out', () => {
  it('prints the level in force and the fields shed, and leaves shed calls out of the degraded %', async () => {
    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '100ms']);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `Field dependencies by owner, over 0.1s, from ${service.url}/metrics`,
        '',
        'owner     calls/s  degraded  top reasons                  open breakers  critical failures/s',
        // 2 degraded of the 5 calls that reached the upstreams (the 3 shed are not shopping's doing): 40%, not 25%
        'shopping    80.00     40.0%  shed 30.00/s, error 20.00/s  -                             0.00',
        'comments    40.00      0.0%  -                            -                             0.00',
        '',
        'Brownout in force: level 0.75 of 6 (classes of optional calls shed; the lowest share admitted among the instances):',
        '  tier 3, low priority   25.0% admitted',
        '',
        "Shed by the brownout (the fallback at once, the upstream not called: not counted against the owner's degraded %):",
        '  shopping/shopping  30.00/s  75.0% of its calls',
        '',
      ].join('\n'),
    );
  });

  it('--format json: the shed fields with their rate and share, the level and the classes it sheds from', async () => {
    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '100ms', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { owners: { owner: string; degradedRatio: number }[]; shed: unknown; brownout: unknown };
    expect(report.owners.map(({ owner, degradedRatio }) => [owner, degradedRatio])).toEqual([
      ['shopping', 0.4],
      ['comments', 0],
    ]);
    expect(report.shed).toEqual([{ owner: 'shopping', field: 'shopping', perSecond: 30, share: 0.75 }]);
    expect(report.brownout).toEqual({ level: 0.75, classes: [{ tier: '3', priority: 'low', admitted: 0.25 }] });
  });

  it('orders the classes as the brownout sheds them, and sums the level over them', async () => {
    admitted.set({ tier: '3', priority: 'low' }, 0);
    admitted.set({ tier: '2', priority: 'low' }, 0);
    admitted.set({ tier: '3', priority: 'normal' }, 0);
    admitted.set({ tier: '2', priority: 'normal' }, 0.9);
    const report = await reportFromScrapes({ url: `${service.url}/metrics`, intervalMs: 1000, wait: async () => undefined });
    expect(report.brownout).toEqual({
      level: 3.1,
      classes: [
        { tier: '3', priority: 'low', admitted: 0 },
        { tier: '2', priority: 'low', admitted: 0 },
        { tier: '3', priority: 'normal', admitted: 0 },
        { tier: '2', priority: 'normal', admitted: 0.9 },
      ],
    });
  });

  it('says full service when every class is admitted, and lists nothing shed when nothing was', async () => {
    admitted.set({ tier: '3', priority: 'low' }, 1);
    round = () => calls.inc({ field: 'commentCounts', owner: 'comments', critical: 'false', outcome: CALL_OUTCOMES.success }, 4);
    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '100ms']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(-3)).toEqual(['', 'Brownout: full service (level 0).', '']);
    expect(run.stdout).not.toContain('Shed by the brownout');
  });

  it('an owner whose every call was shed has no degraded % (no call reached its upstream)', async () => {
    round = () => calls.inc({ field: 'board', owner: 'boards', critical: 'false', outcome: CALL_OUTCOMES.shed }, 5);
    const report = await reportFromScrapes({ url: `${service.url}/metrics`, intervalMs: 1000, wait: async () => undefined });
    expect(report.owners).toEqual([{ owner: 'boards', callsPerSecond: 5, degradedRatio: null, topReasons: [], openBreakers: [], criticalFailuresPerSecond: 0 }]);
    expect(report.shed).toEqual([{ owner: 'boards', field: 'board', perSecond: 5, share: 1 }]);
  });
});
