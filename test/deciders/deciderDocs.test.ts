/**
 * docs/deciders.md stays true: its "In tests" example runs (every TypeScript block of the page is also
 * compiled by test/docs/readme.test.ts), and the decider metrics are in docs/metrics.md's table.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDeciderMetrics } from '../../src/metrics/deciderMetrics.js';
import { docPage } from '../support/markdownSection.js';
import { codeBlocks } from '../docs/readmeBlocks.js';

const page = docPage('deciders.md');
let directory: string | undefined;
afterAll(() => (directory === undefined ? undefined : rm(directory, { recursive: true, force: true })));

describe('docs/deciders.md', () => {
  it('runs the "In tests" example: a decider at 0 switches the field off, reason disabled', async () => {
    const section = page.slice(page.indexOf('## In tests'));
    const [block] = codeBlocks(section, 'docs/deciders.md').filter((candidate) => candidate.lang === 'ts');
    expect(block?.code).toContain("configure({ deciders: OpenFeature.getClient('deciders-docs') })");
    directory = await mkdtemp(path.join(tmpdir(), 'field-dependency-deciders-docs-'));
    const file = path.join(directory, 'example.ts');
    await writeFile(file, block!.code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      vi.resetModules();
      await import(/* @vite-ignore */ pathToFileURL(file).href);
      expect(log.mock.calls).toEqual([[0], [[{ field: 'shopping', owner: 'shopping', reason: 'disabled' }]]]);
    } finally {
      log.mockRestore();
    }
  });

  it('names the metrics, the alert, the CLI command and the option it describes', () => {
    for (const name of ['field_dependency_decider_percent', 'field_dependency_decider_errors_total', 'FieldDependencyDeciderBelow100', 'field-dependency deciders', 'targetingKey', '`decider: false`']) {
      expect(page).toContain(name);
    }
  });

  it('docs/metrics.md has a row for each decider metric, with its type and labels', () => {
    const metricsPage = docPage('metrics.md');
    for (const metric of createDeciderMetrics()) {
      const row = metricsPage.split('\n').find((line) => line.startsWith(`| \`${metric.name}\``));
      expect(row, metric.name).toBeDefined();
      expect(row).toContain(` ${metric.type} `);
      for (const label of metric.labelNames) expect(row).toContain(`\`${label}\``);
    }
  });
});
