import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_NAMES, alertingRuleGroup } from '../../cli/slo/alertingRules.js';
import { generateSloDocument } from '../../cli/slo/generateSloDocument.js';
import { DEFAULT_SLO_SETTINGS } from '../../cli/slo/SloSettings.js';
import { PROMTOOL_TESTS, SHIPPED_RULES } from './support/paths.js';
import { prometheusBinary, runPromtool } from './support/prometheusBinaries.js';
import { temporaryDirectories } from './support/temporaryDirectory.js';

const directories = temporaryDirectories('field-dependency-promtool');
afterAll(() => directories.removeAll());

const testFiles = readdirSync(PROMTOOL_TESTS)
  .filter((file) => file.endsWith('.test.yml'))
  .sort();

describe('promtool is there (CI installs Debian’s prometheus package; a missing promtool fails, never skips)', () => {
  it('finds promtool and prometheus', () => {
    expect(prometheusBinary('promtool')).toMatch(/promtool$/);
    expect(prometheusBinary('prometheus')).toMatch(/prometheus$/);
  });

  it('fails with the install command when promtool is missing', () => {
    const saved = { PATH: process.env.PATH, PROMTOOL: process.env.PROMTOOL };
    try {
      process.env.PATH = directories.create();
      delete process.env.PROMTOOL;
      expect(() => prometheusBinary('promtool')).toThrow("promtool not found on PATH: install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does");
      process.env.PROMTOOL = '/nonexistent/promtool';
      expect(() => prometheusBinary('promtool')).toThrow('$PROMTOOL is /nonexistent/promtool, which does not exist');
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.PROMTOOL === undefined) delete process.env.PROMTOOL;
      else process.env.PROMTOOL = saved.PROMTOOL;
    }
  });
});

describe('promtool check rules', () => {
  it('accepts the shipped rule file: 22 recording rules and 8 alerts', () => {
    const check = runPromtool(['check', 'rules', SHIPPED_RULES]);
    expect(check.output).toContain('SUCCESS: 30 rules found');
    expect(check.status).toBe(0);
  });

  it('rejects a rule file with a broken expression (the check is real)', () => {
    const file = path.join(directories.create(), 'broken.yml');
    writeFileSync(file, readFileSync(SHIPPED_RULES, 'utf8').replace('sum by (owner) (rate(field_dependency_calls_total[5m]))', 'sum by (owner) (rate(field_dependency_calls_total[5m])'));
    const check = runPromtool(['check', 'rules', file]);
    expect(check.status).not.toBe(0);
    expect(check.output).toMatch(/FAILED|parse error/);
  });
});

describe('promtool test rules', () => {
  it('has unit tests of the recording rules, the burn rates over hours and over days, the cause alerts, brownout and concurrency limits', () => {
    expect(testFiles).toEqual(['brownout.test.yml', 'burn-rate.test.yml', 'critical-and-breaker.test.yml', 'deciders.test.yml', 'recording.test.yml', 'slow-burn.test.yml']);
  });

  it.each(testFiles)('%s passes', (file) => {
    const run = runPromtool(['test', 'rules', file], PROMTOOL_TESTS);
    expect(run.output).toContain('SUCCESS');
    expect(run.output).not.toContain('FAILED');
    expect(run.status).toBe(0);
  });

  it('tests every alert both firing (with its labels and annotations) and not firing', () => {
    const tests = testFiles.map((file) => readFileSync(path.join(PROMTOOL_TESTS, file), 'utf8')).join('\n');
    for (const rule of alertingRuleGroup(DEFAULT_SLO_SETTINGS).rules) {
      const alert = 'alert' in rule ? rule.alert : rule.record;
      // routed by owner, but the brownout: the API's own capacity, by scrape job
      const routing = alert === ALERT_NAMES.brownout ? 'job' : 'owner';
      expect(tests, `${alert} firing`).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels: \\{ ${routing}: `));
      expect(tests, `${alert} not firing`).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts: \\[\\]`));
    }
  });

  it('fails on a wrong expectation (the harness detects failures)', () => {
    const directory = directories.create();
    copyFileSync(SHIPPED_RULES, path.join(directory, 'rules.yml'));
    writeFileSync(
      path.join(directory, 'wrong.test.yml'),
      [
        'rule_files: [rules.yml]',
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        `      - series: 'field_dependency_calls_total{field="a",owner="a",critical="false",outcome="success"}'`,
        "        values: '0+100x70'",
        '    alert_rule_test:',
        '      - eval_time: 65m',
        '        alertname: FieldDependencyErrorBudgetFastBurn',
        '        exp_alerts:',
        '          - exp_labels: { owner: a, severity: page }',
        '',
      ].join('\n'),
    );
    const run = runPromtool(['test', 'rules', 'wrong.test.yml'], directory);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('FAILED');
  });

  it('rules generated for another objective and owners page at that objective, for those owners only', async () => {
    const directory = directories.create();
    const settings = { ...DEFAULT_SLO_SETTINGS, objective: 99, owners: ['shopping'] };
    writeFileSync(path.join(directory, 'rules.yml'), generateSloDocument(settings, 'prometheus'));
    const medium = alertingRuleGroup(settings).rules.find((rule) => 'alert' in rule && rule.alert === 'FieldDependencyErrorBudgetMediumBurn');
    const description = (medium !== undefined && 'annotations' in medium ? medium.annotations.description : undefined) ?? '';
    const series = (owner: string, outcome: string, perMinute: number) =>
      [`      - series: 'field_dependency_calls_total{field="${owner}",owner="${owner}",critical="false",outcome="${outcome}"}'`, `        values: '0+${perMinute}x70'`];
    writeFileSync(
      path.join(directory, 'objective.test.yml'),
      [
        'rule_files: [rules.yml]',
        'group_eval_order: [field-dependency.owner, field-dependency.field, field-dependency.alerts]',
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        // shopping at 10%: above 6x the 1% budget, below 14.4x
        ...series('shopping', 'success', 90),
        ...series('shopping', 'degraded', 10),
        // comments at 50%, but not one of the owners these rules are for
        ...series('comments', 'success', 50),
        ...series('comments', 'degraded', 50),
        '    promql_expr_test:',
        '      - expr: count by (owner) (owner:field_dependency_degradation:ratio_rate5m)',
        '        eval_time: 65m',
        '        exp_samples:',
        "          - labels: '{owner=\"shopping\"}'",
        '            value: 1',
        '    alert_rule_test:',
        '      - eval_time: 65m',
        '        alertname: FieldDependencyErrorBudgetFastBurn',
        '        exp_alerts: []',
        '      - eval_time: 65m',
        '        alertname: FieldDependencyErrorBudgetMediumBurn',
        '        exp_alerts:',
        '          - exp_labels: { owner: shopping, severity: page }',
        '            exp_annotations:',
        "              summary: 'shopping: 10% of field dependency calls degraded over 6h, more than 6x the 1% error budget (objective 99%)'",
        `              description: '${description.replaceAll('{{ $labels.owner }}', 'shopping')}'`,
        '',
      ].join('\n'),
    );
    const run = runPromtool(['test', 'rules', 'objective.test.yml'], directory);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
