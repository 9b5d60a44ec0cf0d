import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATING_QUERIES } from '../../cli/report/operatingQueries.js';
import { alertingRuleGroup } from '../../cli/slo/alertingRules.js';
import { RATE_WINDOWS } from '../../cli/slo/burnRateAlerts.js';
import { recordingRuleGroups } from '../../cli/slo/recordingRules.js';
import { DEFAULT_SLO_SETTINGS } from '../../cli/slo/SloSettings.js';
import { OBSERVABILITY, REPO_ROOT } from './support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { docPage, markdownSection } from '../support/markdownSection.js';

const readme = docPage('operating.md');
const folderReadme = readFileSync(path.join(OBSERVABILITY, 'README.md'), 'utf8');

/** The fenced blocks of `markdown` in `language`, in order. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\`$`, 'gm'))].map((match) => match[1] as string);
}

const section = markdownSection;

describe('the "Operating it" page, docs/operating.md', () => {
  it('shows exactly the queries the end-to-end test runs, each under its question', () => {
    expect(blocks(readme, 'promql')).toEqual(OPERATING_QUERIES.map((query) => query.promql));
    for (const query of OPERATING_QUERIES) expect(readme).toContain(`### ${query.question}\n\n\`\`\`promql\n${query.promql}\n\`\`\``);
  });

  it('says truly which queries need the rules: the last four', () => {
    expect(section(readme, '## PromQL for the common questions')).toContain('The last\nfour read series recorded by `field-dependency.rules.yml`.');
    expect(OPERATING_QUERIES.map((query) => query.needsRules)).toEqual([...OPERATING_QUERIES.map(() => false).slice(4), true, true, true, true]);
  });

  it('points at the Metrics page for the metric table', () => {
    expect(section(readme, '## The metrics')).toContain('[Metrics](metrics.md)');
  });

  it('defines the degradation ratio as the rules compute it', () => {
    const definition = 'degradation ratio = field_dependency_calls_total{outcome=~"degraded|failed"} / field_dependency_calls_total{outcome!="shed"}';
    expect(readme).toContain(definition);
    expect(docPage('brownout.md')).toContain(definition);
    const ratio = recordingRuleGroups(DEFAULT_SLO_SETTINGS)[0]?.rules.find((rule) => 'record' in rule && rule.record === 'owner:field_dependency_degradation:ratio_rate5m');
    expect(ratio?.expr).toContain('field_dependency_calls_total{outcome=~"degraded|failed"}[5m]');
    expect(ratio?.expr).toContain('field_dependency_calls_total{outcome!="shed"}[5m]');
  });

  it('lists every alert and every recorded series, and the windows', () => {
    const alerts = section(readme, '## Alerts');
    for (const rule of alertingRuleGroup(DEFAULT_SLO_SETTINGS).rules) expect(alerts).toContain(`| \`${'alert' in rule ? rule.alert : ''}\` |`);
    const recorded = section(readme, '## Recorded series');
    const names = new Set(recordingRuleGroups(DEFAULT_SLO_SETTINGS).flatMap((group) => group.rules.map((rule) => ('record' in rule ? rule.record : ''))));
    for (const group of recordingRuleGroups(DEFAULT_SLO_SETTINGS)) {
      for (const rule of group.rules) {
        const name = 'record' in rule ? rule.record : '';
        const generic = RATE_WINDOWS.reduce((text, window) => text.replace(new RegExp(`rate${window}$`), 'rate<window>'), name);
        // a series recorded over 5 minutes only (p99 latency, calls shed) is listed by its own name
        const everyWindow = names.has(name.replace(/rate5m$/, 'rate30m'));
        expect(recorded, name).toContain(`\`${everyWindow ? generic : name}\``);
      }
    }
    expect(recorded).toContain(RATE_WINDOWS.map((window) => `\`${window}\``).join(', '));
  });

  it('docs/brownout.md lists the brownout alerts, and shows the report as it prints', async () => {
    const page = docPage('brownout.md');
    const operations = section(page, '## Operations');
    const alerts = alertingRuleGroup(DEFAULT_SLO_SETTINGS).rules.flatMap((rule) => ('alert' in rule && /Brownout|Concurrency/.test(rule.alert) ? [rule] : []));
    expect(alerts).toHaveLength(2);
    for (const rule of alerts) {
      expect(operations).toContain(`| \`${rule.alert}\` |`);
      expect(operations).toContain(`more than ${(rule.for ?? '').replace('m', ' minutes')}`);
    }
    const [, report] = blocks(operations, 'text');
    expect(report?.split('\n')[0]).toMatch(/^Brownout in force: level 1\.5 of 6 /);
  });

  it('routes alerts by owner in its Alertmanager example', () => {
    const routing = section(readme, '## Routing alerts by owner in Alertmanager');
    const [config] = blocks(routing, 'yaml');
    expect(config).toContain('group_by: [alertname, owner]');
    expect(config).toMatch(/matchers: \['owner="shopping"', 'severity="page"'\]/);
  });

  it('has `rules` command lines that run', async () => {
    const commands = blocks(readme, 'sh')
      .flatMap((block) => block.split('\n'))
      .filter((line) => line.startsWith('npx field-dependency rules'));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const command of commands) {
      const args = command.replace(/\s*>.*$/, '').split(/\s+/).slice(2);
      const run = await runCliInProcess(args);
      expect([command, run.status, run.stderr]).toEqual([command, 0, '']);
      expect(run.stdout).toMatch(/^# Generated by: field-dependency rules /);
    }
  });

  it('lists every shipped file, and the package ships the folder', () => {
    for (const file of readdirSync(OBSERVABILITY).filter((name) => name !== 'README.md')) expect(folderReadme).toContain(`| \`${file}\` |`);
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('observability');
  });
});
