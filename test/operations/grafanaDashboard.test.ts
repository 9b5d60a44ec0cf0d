import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prometheusRules } from '../../cli/slo/prometheusRules.js';
import { DEFAULT_SLO_SETTINGS } from '../../cli/slo/SloSettings.js';
import { createBrownoutMetrics } from '../../src/metrics/brownoutMetrics.js';
import { createDeciderMetrics } from '../../src/metrics/deciderMetrics.js';
import { createFieldDependencyMetrics } from '../../src/metrics/fieldDependencyMetrics.js';
import { dashboardExpressions, labelValuesQueries, substituteVariables, TEST_VARIABLE_VALUES, variablesUsed } from './support/dashboardQueries.js';
import { DASHBOARD } from './support/paths.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';
import { runPromtool } from './support/prometheusBinaries.js';
import { temporaryDirectories } from './support/temporaryDirectory.js';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets?: readonly { readonly expr: string; readonly legendFormat?: string; readonly datasource: { readonly uid: string } }[];
}
interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Record<string, unknown>[] };
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
const variables = new Map(dashboard.templating.list.map((variable) => [String(variable.name), variable]));

const directories = temporaryDirectories('field-dependency-dashboard');
afterAll(() => directories.removeAll());

describe('observability/grafana-dashboard.json', () => {
  it('is a dashboard with a stable uid', () => {
    expect(dashboard.uid).toBe('field-dependency');
    expect(dashboard.title).toBe('Field dependencies by owner');
  });

  it('has a datasource variable, multi-value owner and field variables, and an objective', () => {
    expect(variables.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.get('owner')).toMatchObject({ type: 'query', multi: true, includeAll: true, allValue: '.*', query: { query: 'label_values(field_dependency_info, owner)' } });
    expect(variables.get('field')).toMatchObject({ type: 'query', multi: true, includeAll: true, allValue: '.*', query: { query: 'label_values(field_dependency_info{owner=~"$owner"}, field)' } });
    expect(variables.get('objective')).toMatchObject({ type: 'textbox', query: '99.5' });
    expect(labelValuesQueries(dashboard)).toEqual([
      { name: 'owner', selector: 'field_dependency_info', label: 'owner' },
      { name: 'field', selector: 'field_dependency_info{owner=~"$owner"}', label: 'field' },
    ]);
  });

  it('answers the SRE questions, one panel each', () => {
    const byTitle = new Map(panels.map((panel) => [panel.title, panel]));
    const expectPanel = (title: string, type: string, metric: string) => {
      expect(byTitle.get(title)?.type, title).toBe(type);
      expect(byTitle.get(title)?.targets?.map((target) => target.expr).join('\n'), title).toContain(metric);
    };
    expectPanel('Degraded calls now, by owner (5m)', 'bargauge', 'owner:field_dependency_degradation:ratio_rate5m');
    expectPanel('Error budget left, by owner (30d)', 'bargauge', 'field_dependency_calls_total');
    expectPanel('Burn rate, by owner (1h)', 'timeseries', 'owner:field_dependency_degradation:ratio_rate1h');
    expectPanel('Degraded %, by owner', 'timeseries', 'owner:field_dependency_degradation:ratio_rate5m');
    expectPanel('Degradation reasons', 'timeseries', 'field_dependency_degradations_total');
    expectPanel('Circuit breakers', 'state-timeline', 'field_dependency_breaker_state');
    expectPanel('Critical failures', 'timeseries', 'critical="true",outcome="failed"');
    expectPanel('Calls per second, by field', 'timeseries', 'owner_field:field_dependency_calls:rate5m');
    expectPanel('Degraded %, by field', 'timeseries', 'owner_field:field_dependency_degradation:ratio_rate5m');
    expectPanel('p99 latency, by field', 'timeseries', 'owner_field:field_dependency_duration_seconds:p99_rate5m');
    expectPanel('Endpoints using each field', 'table', 'field_dependency_endpoint_calls_total');
    expectPanel('Declared field dependencies', 'table', 'field_dependency_info');
    expectPanel('Deciders: % of calls let through, by field', 'timeseries', 'min by (owner, field) (field_dependency_decider_percent');
    expectPanel('Decider read errors, by field', 'timeseries', 'field_dependency_decider_errors_total');
    expectPanel('Brownout: share of optional calls admitted, by tier and request priority', 'timeseries', 'min by (job, tier, priority) (field_dependency_brownout_admitted_ratio)');
    expectPanel('Brownout: health signals vs targets', 'timeseries', 'max by (job, signal) (field_dependency_brownout_signal_seconds)');
    expectPanel('Calls shed by the brownout, by field', 'timeseries', 'owner_field:field_dependency_calls_shed:rate5m');
    expectPanel('Concurrency limit vs calls in flight, by field', 'timeseries', 'field_dependency_concurrency_limit');
    expectPanel('Concurrency limit vs calls in flight, by field', 'timeseries', 'field_dependency_in_flight');
  });

  it('has a brownout row: the process-wide panels plot each signal against the target the processes publish, nothing typed by hand', () => {
    const rows = dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows.at(-1)).toBe('Brownout: what the API sheds to protect itself, and concurrency limits');
    expect([...variables.keys()]).toEqual(['datasource', 'owner', 'field', 'objective']);
    const signals = panels.find((panel) => panel.title === 'Brownout: health signals vs targets')?.targets ?? [];
    expect(signals.map((target) => [target.expr, target.legendFormat])).toEqual([
      [`max by (job, signal) (${METRIC_NAMES.brownoutSignal})`, '{{job}}: {{signal}}'],
      [`min by (job, signal) (${METRIC_NAMES.brownoutTarget})`, '{{job}}: {{signal}} target'],
      [`max by (job, signal) (${METRIC_NAMES.brownoutSignalRatio})`, '{{job}}: {{signal}}'],
      [`min by (job, signal) (${METRIC_NAMES.brownoutTargetRatio})`, '{{job}}: {{signal}} target'],
    ]);
  });

  it('counts shed calls in no owner\'s error budget, and shows the brownout alert (no owner) beside any owner\'s', () => {
    const budget = panels.find((panel) => panel.title === 'Error budget left, by owner (30d)')?.targets?.[0]?.expr ?? '';
    expect(budget).toContain('sum by (owner) (increase(field_dependency_calls_total{owner=~"$owner",outcome!="shed"}[30d]))');
    const alerts = dashboardExpressions(dashboard).find(({ where }) => where.startsWith('$.annotations'))?.expr;
    expect(alerts).toBe('ALERTS{alertname=~"FieldDependency.*",alertstate="firing",owner=~"$owner|"}');
  });

  it('queries the datasource variable from every panel and target, with unique panel ids inside a 24-column grid', () => {
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource.uid).toBe('${datasource}');
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('filters every panel by the owner variable, and per-field panels by the field variable too; the process-wide brownout ones by neither', () => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (panel.title.startsWith('Brownout:')) {
          expect(target.expr, panel.title).not.toContain('owner');
          continue;
        }
        expect(target.expr, panel.title).toContain('owner=~"$owner"');
        if (/by field|reasons|breakers|Critical|Endpoints|Declared|Decider/.test(panel.title)) expect(target.expr, panel.title).toContain('field=~"$field"');
      }
    }
  });

  it('uses only defined variables, and only the contract metrics and the shipped recorded series', () => {
    const known = new Set([...variables.keys(), '__rate_interval']);
    const recorded = prometheusRules(DEFAULT_SLO_SETTINGS).groups.flatMap((group) => group.rules.flatMap((rule) => ('record' in rule ? [rule.record] : [])));
    const metrics = [...createFieldDependencyMetrics(), ...createDeciderMetrics(), ...createBrownoutMetrics()].flatMap((metric) => (metric.type === 'histogram' ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name]));
    // published by the concurrency-limit runtime, for the dependencies that have one
    const configured = [METRIC_NAMES.concurrencyLimit, METRIC_NAMES.inFlight];
    const names = new Set([...recorded, ...metrics, ...configured, 'ALERTS']);
    const expressions = dashboardExpressions(dashboard);
    const targets = panels.reduce((count, panel) => count + (panel.targets?.length ?? 0), 0);
    expect(expressions.length).toBe(targets + 1); // every target, and the alerts annotation
    for (const { where, expr } of expressions) {
      for (const variable of variablesUsed(expr)) expect(known.has(variable), `${where} uses $${variable}`).toBe(true);
      const series = expr.match(/\b(?:field_dependency_[a-z_]+|owner(?:_field)?:[a-z_]+:[a-z0-9_]+|ALERTS)\b/g) ?? [];
      expect(series.length, where).toBeGreaterThan(0);
      for (const name of series) expect(names.has(name), `${where} reads ${name}`).toBe(true);
    }
  });

  it('has queries promtool parses once Grafana substitutes the variables', () => {
    const expressions = dashboardExpressions(dashboard).map(({ expr }) => substituteVariables(expr, TEST_VARIABLE_VALUES));
    const file = path.join(directories.create(), 'dashboard.yml');
    writeFileSync(
      file,
      `groups:\n  - name: dashboard\n    rules:\n${expressions.map((expr, index) => `      - record: dashboard:query${index}\n        expr: ${JSON.stringify(expr)}\n`).join('')}`,
    );
    const check = runPromtool(['check', 'rules', file]);
    expect(check.output).toContain(`SUCCESS: ${expressions.length} rules found`);
    expect(check.status).toBe(0);
  });
});

describe('substituteVariables', () => {
  it('replaces $name, ${name}, ${name:format} and [[name]]', () => {
    expect(substituteVariables('a{o=~"$owner",f=~"${field}",g=~"${field:regex}",h="[[owner]]"}[$__rate_interval]', TEST_VARIABLE_VALUES)).toBe(
      'a{o=~".*",f=~".*",g=~".*",h=".*"}[1m]',
    );
  });

  it('names a variable that has no value', () => {
    expect(() => substituteVariables('x{a="$team"}', TEST_VARIABLE_VALUES)).toThrow('no value for variable $team in: x{a="$team"}');
  });
});
