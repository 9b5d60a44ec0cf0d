/**
 * docs/canary.md and the README's "Canary judgement" section: every `field-dependency canary` command
 * they show runs (against a fake Prometheus on 127.0.0.1 standing in for theirs), the JSON example has
 * exactly the shape the command prints, and the Rollout snippet gives the arguments the generated
 * AnalysisTemplate declares.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoRolloutsAnalysisTemplate } from '../../cli/canary/argoRolloutsAnalysisTemplate.js';
import { codeBlocks, ROOT } from '../docs/readmeBlocks.js';
import { markdownSection } from '../support/markdownSection.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { startFakePrometheus, type FakePrometheus, type FakeSeries } from './support/fakePrometheus.js';

const page = readFileSync(path.join(ROOT, 'docs/canary.md'), 'utf8');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...codeBlocks(page, 'docs/canary.md'), ...codeBlocks(readme, 'README.md')];
const commands = blocks.filter((block) => block.lang === 'sh').flatMap((block) => block.code.split('\n').filter((line) => line.startsWith('npx field-dependency canary ')));

let fake: FakePrometheus | undefined;
beforeAll(async () => {
  const values = (level: number) => Array.from({ length: 20 }, (_, index) => level + 0.002 * Math.sin(index));
  const series: FakeSeries[] = (['canary', 'baseline'] as const).flatMap((fleet) =>
    (['degradation', 'criticalFailure', 'latencyP99'] as const).flatMap((signal) => [
      { fleet, signal, owner: 'shopping', values: values(fleet === 'canary' && signal === 'degradation' ? 0.2 : 0.01) },
      { fleet, signal, owner: 'shopping', field: 'shopping', values: values(fleet === 'canary' && signal === 'degradation' ? 0.2 : 0.01) },
    ]),
  );
  fake = await startFakePrometheus(series);
});
afterAll(async () => fake?.close());

/** A shell line's words, with single-quoted words unquoted (all the docs use). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

describe('the canary documentation', () => {
  it('links docs/canary.md from a short README section', () => {
    const section = markdownSection(readme, '## Canary judgement');
    expect(section).toContain('](docs/canary.md)');
    expect(section.split('\n').length).toBeLessThanOrEqual(16);
  });

  it('shows canary commands in the page and in the README', () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
  });

  it.each(commands)('runs %s', async (line) => {
    const args = words(line).slice(2);
    const prometheus = args.indexOf('--prometheus');
    args[prometheus + 1] = (fake as FakePrometheus).url;
    const result = await runCliInProcess(args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/shopping/);
  });

  it('shows the JSON object with the shape the command prints', async () => {
    const example = JSON.parse(blocks.find((block) => block.lang === 'json')?.code ?? '{}') as unknown;
    const result = await runCliInProcess(['canary', '--prometheus', (fake as FakePrometheus).url, '--canary', 'track="canary"', '--baseline', 'track="baseline"', '--format', 'json']);
    expect(shape(example)).toEqual(shape(JSON.parse(result.stdout)));
  });

  it('gives in the Rollout snippet the arguments the AnalysisTemplate needs', () => {
    const snippet = blocks.find((block) => block.lang === 'yaml')?.code ?? '';
    const template = argoRolloutsAnalysisTemplate('http://prometheus:9090') as { metadata: { name: string }; spec: { args: { name: string; value?: string }[] } };
    expect(snippet).toContain(`- templateName: ${template.metadata.name}`);
    const given = [...snippet.matchAll(/- name: (\S+)/g)].map((match) => match[1]);
    expect(given).toEqual(template.spec.args.filter((arg) => arg.value === undefined).map((arg) => arg.name));
  });
});

/** The keys of an object, recursively (arrays by their first element), with the type of each leaf. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [shape(value[0])];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item)]).sort());
  return value === null ? 'null' : typeof value;
}
