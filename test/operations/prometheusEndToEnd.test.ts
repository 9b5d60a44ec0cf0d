/**
 * The rules, the dashboard, the README's queries and `report --prometheus` against a real Prometheus
 * (Debian's /usr/bin/prometheus) scraping the pins API example every second while one of its upstreams
 * fails. The shipped rule file is loaded as is: its long windows (1h, 6h, 3d) still see only the minute of
 * data the test makes, and a ratio of rates over a window longer than the data is the ratio of what was
 * seen, so the burn-rate alerts react within seconds, as they would to a real incident.
 *
 * The pages ask for shopping, board and images, not comments: its 100 ms timeout could fire on a CI
 * machine starved of CPU, and the test asserts that the healthy owners degrade not at all. Comments is
 * declared but never called, which shows what an idle owner looks like (a NaN ratio, no alert).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownFieldDependencies } from 'field-dependency';
import { deciderFlags, startPinsApi, startUpstreams, type PinsApi, type Upstreams } from '../../examples/pins-api/index.js';
import { OPERATING_QUERIES } from '../../cli/report/operatingQueries.js';
import { RECORDED_SERIES } from '../../cli/slo/recordedSeries.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';
import { queryPrometheus, type VectorSample } from '../../cli/report/queryPrometheus.js';
import { dashboardExpressions, labelValuesQueries, substituteVariables, TEST_VARIABLE_VALUES } from './support/dashboardQueries.js';
import { eventually } from './support/eventually.js';
import { startPageTraffic, type PageTraffic } from './support/pageTraffic.js';
import { DASHBOARD, SHIPPED_RULES } from './support/paths.js';
import { startPrometheus, type PrometheusServer } from './support/prometheusServer.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { temporaryDirectories } from './support/temporaryDirectory.js';

/** Every declared owner (`field_dependency_info`). */
const OWNERS = ['boards', 'comments', 'images', 'shopping'];
/** The fields the traffic asks for. */
const CALLED_FIELDS = ['board', 'images', 'shopping'];
/** 14.4 times the 0.5% budget of the shipped rules' 99.5% objective. */
const FAST_BURN = 14.4 * 0.005;

const directories = temporaryDirectories('field-dependency-prometheus');
let upstreams: Upstreams | undefined;
let api: PinsApi | undefined;
let prometheus: PrometheusServer | undefined;
let traffic: PageTraffic | undefined;

async function query(promql: string): Promise<VectorSample[]> {
  return queryPrometheus((prometheus as PrometheusServer).url, promql, 5_000);
}

/** A recorded series' value by owner. */
async function byOwner(promql: string): Promise<Map<string, number>> {
  return new Map((await query(promql)).map(({ labels, value }) => [labels.owner ?? '', value]));
}

interface ActiveAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: string;
}

async function activeAlerts(): Promise<ActiveAlert[]> {
  const response = await fetch(`${(prometheus as PrometheusServer).url}/api/v1/alerts`);
  return ((await response.json()) as { data: { alerts: ActiveAlert[] } }).data.alerts;
}

beforeAll(async () => {
  upstreams = await startUpstreams();
  // deciders from a flagd flag file, as in production: every field at 100, except that comments' flag is
  // missing (a read that fails open and is counted), so the dashboard's two decider panels both have data
  const deciderFile = path.join(directories.create(), 'flags.json');
  const flags = JSON.parse(deciderFlags()) as { flags: Record<string, unknown> };
  delete flags.flags['field-dependency.comments.comments'];
  writeFileSync(deciderFile, JSON.stringify(flags));
  api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, deciderFile });
  prometheus = await startPrometheus({ directory: directories.create(), target: new URL(api.url).host, ruleFiles: [SHIPPED_RULES] });
  traffic = startPageTraffic(api.url, CALLED_FIELDS);

  // healthy first: every owner is recorded, none degrading (comments, never called: NaN)
  await eventually(async () => {
    const ratios = await byOwner('owner:field_dependency_degradation:ratio_rate5m');
    expect(Object.fromEntries(ratios)).toEqual({ boards: 0, comments: NaN, images: 0, shopping: 0 });
  });
  await upstreams.setFaults({ shopping: { errorRate: 1 } });
}, 60_000);

afterAll(async () => {
  await traffic?.stop();
  await prometheus?.stop();
  await api?.close();
  await upstreams?.close();
  shutdownFieldDependencies();
  directories.removeAll();
}, 30_000);

describe('a real Prometheus scraping the pins API while the shopping upstream fails', { timeout: 40_000 }, () => {
  it('loads every shipped rule, and reports no rule evaluation error', async () => {
    const response = await fetch(`${(prometheus as PrometheusServer).url}/api/v1/rules`);
    const groups = ((await response.json()) as { data: { groups: { name: string; file: string; rules: { name: string; health: string; lastError?: string }[] }[] } }).data.groups;
    expect(groups.map((group) => [group.name, group.file]).sort()).toEqual([
      ['field-dependency.alerts', SHIPPED_RULES],
      ['field-dependency.field', SHIPPED_RULES],
      ['field-dependency.owner', SHIPPED_RULES],
    ]);
    const rules = groups.flatMap((group) => group.rules);
    expect(rules).toHaveLength(30);
    for (const rule of rules) expect([rule.name, rule.health, rule.lastError ?? '']).toEqual([rule.name, 'ok', '']);
  });

  it('records the shopping owner degrading, and the other owners not', async () => {
    const ratios = await eventually(async () => {
      const found = await byOwner('owner:field_dependency_degradation:ratio_rate5m');
      expect(found.get('shopping')).toBeGreaterThan(FAST_BURN);
      return found;
    });
    expect({ ...Object.fromEntries(ratios), shopping: 'degrading' }).toEqual({ boards: 0, comments: NaN, images: 0, shopping: 'degrading' });
    // the per-field group is evaluated on its own schedule: it may be a second behind
    await eventually(async () => {
      const fields = await query('owner_field:field_dependency_degradation:ratio_rate5m > 0');
      expect(fields.map(({ labels }) => `${labels.owner}/${labels.field}`)).toEqual(['shopping/shopping']);
    });
  });

  it('raises the fast-burn page for the shopping owner only, naming the field and the reason', async () => {
    const fast = await eventually(async () => {
      const alerts = (await activeAlerts()).filter((alert) => alert.labels.alertname === 'FieldDependencyErrorBudgetFastBurn');
      expect(alerts.length).toBeGreaterThan(0);
      return alerts;
    });
    expect(fast.map((alert) => [alert.labels.owner, alert.labels.severity])).toEqual([['shopping', 'page']]);
    expect(['pending', 'firing']).toContain(fast[0]?.state);
    expect(fast[0]?.annotations.summary).toMatch(
      /^shopping: [\d.]+% of field dependency calls degraded over 1h, more than 14\.4x the 0\.5% error budget \(objective 99\.5%\); mostly field shopping, reason (error|breaker_open)$/,
    );
    // the other owners raise nothing at all: no page, no ticket, no critical failure
    expect(new Set((await activeAlerts()).map((alert) => alert.labels.owner))).toEqual(new Set(['shopping']));
  });

  it('opens the shopping breaker, and the breaker alert waits (pending) for its 5 minutes', async () => {
    const breaker = await eventually(async () => {
      const alerts = (await activeAlerts()).filter((alert) => alert.labels.alertname === 'FieldDependencyBreakerOpen');
      expect(alerts.length).toBeGreaterThan(0);
      return alerts;
    });
    expect(breaker.map((alert) => [alert.labels.owner, alert.labels.field, alert.state])).toEqual([['shopping', 'shopping', 'pending']]);
  });

  it('answers every dashboard query, with the template variables substituted', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Parameters<typeof labelValuesQueries>[0];
    // published only where configure({ brownout }) or a concurrencyLimit is (the pins API here has neither):
    // Prometheus must accept the query (it throws on an error answer), it may have no data
    const configured = [METRIC_NAMES.brownoutAdmitted, METRIC_NAMES.brownoutSignal, METRIC_NAMES.brownoutTarget, METRIC_NAMES.brownoutSignalRatio, METRIC_NAMES.brownoutTargetRatio, METRIC_NAMES.concurrencyLimit, METRIC_NAMES.inFlight, RECORDED_SERIES.fieldShedRate];
    for (const { where, expr } of dashboardExpressions(dashboard)) {
      const promql = substituteVariables(expr, TEST_VARIABLE_VALUES);
      if (configured.some((name) => expr.includes(name))) {
        await query(promql);
        continue;
      }
      const result = await eventually(() => query(promql).then((samples) => (samples.length > 0 ? samples : Promise.reject(new Error(`${where}: no data for ${promql}`)))));
      expect(result.length, where).toBeGreaterThan(0);
    }
    for (const { name, selector, label } of labelValuesQueries(dashboard)) {
      const values = new Set((await query(substituteVariables(selector, TEST_VARIABLE_VALUES))).map((sample) => sample.labels[label]));
      expect([...values].sort(), `$${name}`).toEqual(label === 'owner' ? OWNERS : ['board', 'comments', 'images', 'shopping']);
    }
  });

  it('answers every README query as an SRE would expect', async () => {
    const owners = (samples: readonly VectorSample[]) => samples.map(({ labels }) => labels.owner);
    const expectations: Record<string, (samples: VectorSample[]) => void> = {
      degradedRatioByOwner: (samples) => expect(owners(samples)[0]).toBe('shopping'),
      callRateByOwner: (samples) => {
        expect(owners(samples).sort()).toEqual(OWNERS);
        expect(samples.find(({ labels }) => labels.owner === 'comments')?.value).toBe(0);
      },
      reasonsByOwner: (samples) => {
        expect(new Set(owners(samples))).toEqual(new Set(['shopping']));
        expect(samples.map(({ labels }) => labels.reason)).toContain('error');
      },
      openBreakers: (samples) => expect(samples.map(({ labels }) => `${labels.owner}/${labels.field}`)).toEqual(['shopping/shopping']),
      criticalFailures: (samples) => expect(samples).toEqual([]),
      degradedFields: (samples) => expect(samples.map(({ labels }) => `${labels.owner}/${labels.field}`)).toEqual(['shopping/shopping']),
      burnRateByOwner: (samples) => {
        expect(owners(samples)[0]).toBe('shopping');
        expect(samples[0]?.value).toBeGreaterThan(14.4);
      },
      slowestFields: (samples) =>
        expect(samples.filter(({ value }) => value > 0).map(({ labels }) => labels.field).sort()).toEqual(CALLED_FIELDS),
      endpointsByField: (samples) => expect(new Set(samples.map(({ labels }) => labels.endpoint))).toEqual(new Set(['/v3/pins/:id'])),
      declaredFields: (samples) =>
        expect(samples.map(({ labels, value }) => `${labels.owner} critical=${labels.critical}: ${value}`).sort()).toEqual([
          'boards critical=false: 1',
          'comments critical=false: 1',
          'images critical=true: 1',
          'shopping critical=false: 1',
        ]),
      firingAlerts: (samples) => expect(new Set(owners(samples))).toEqual(new Set(['shopping'])),
      // the pins API runs no brownout: nothing shed, no admitted share published
      shedByField: (samples) => expect(samples).toEqual([]),
      brownoutAdmitted: (samples) => expect(samples).toEqual([]),
    };
    expect(Object.keys(expectations).sort()).toEqual(OPERATING_QUERIES.map((operating) => operating.id).sort());
    for (const operating of OPERATING_QUERIES) {
      await eventually(async () => (expectations[operating.id] as (samples: VectorSample[]) => void)(await query(operating.promql)));
    }
  });

  it('report --prometheus prints the shopping owner on top', async () => {
    const url = (prometheus as PrometheusServer).url;
    // `eventually`: the breaker is half-open for the moment of a probe every 10 s, and a scrape may catch it
    await eventually(async () => {
      const text = await runCliInProcess(['report', '--prometheus', url]);
      expect(text.stderr).toBe('');
      expect(text.status).toBe(0);
      const rows = text.stdout.split('\n').slice(3, -1);
      expect(rows).toHaveLength(4);
      expect(rows[0]).toMatch(/^shopping\s+[\d.]+\s+[\d.]+%\s+.*(error|breaker_open).*\s+shopping\s+0\.00$/);
      // the healthy owners (in the order of their call rates, which are about equal), then the idle one
      expect(rows.slice(1, 3).map((row) => row.replace(/^(\w+)\s+[\d.]+\s/, '$1 <calls/s> ').replace(/\s+/g, ' ')).sort()).toEqual([
        'boards <calls/s> 0.0% - - 0.00',
        'images <calls/s> 0.0% - - 0.00',
      ]);
      expect(rows[3]?.replace(/\s+/g, ' ')).toBe('comments 0.00 - - - 0.00');
    });
    await eventually(async () => {
      const json = await runCliInProcess(['report', '--prometheus', url, '--format', 'json']);
      const report = JSON.parse(json.stdout) as { owners: { owner: string; degradedRatio: number | null; openBreakers: string[] }[] };
      expect(report.owners[0]).toMatchObject({ owner: 'shopping', openBreakers: ['shopping'] });
      expect(report.owners[0]?.degradedRatio).toBeGreaterThan(FAST_BURN);
    });
  });

  it('kept the pin pages up: every page answered 200 while shopping failed', () => {
    expect([...(traffic as PageTraffic).statuses.keys()]).toEqual([200]);
  });
});
