import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BREAKER_OPTIONS } from 'field-dependency';
import { createFieldDependencyMetrics } from '../../src/metrics/fieldDependencyMetrics.js';
import { createBrownoutMetrics } from '../../src/metrics/brownoutMetrics.js';
import { docPage, documentationPages } from '../support/markdownSection.js';
import { codeBlocks, COMPILERS, compileBlocks, interfaceProperties, LEGACY_MARKER, ROOT, type BlockDiagnostics } from './readmeBlocks.js';

/** README.md and every docs/*.md page: their TypeScript blocks are compiled together, each block its own module. */
const pages = documentationPages();
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = pages.flatMap((page) => codeBlocks(readFileSync(path.join(ROOT, page), 'utf8'), page));
const tsBlocks = blocks.filter((block) => block.lang === 'ts');
const legacyBlocks = tsBlocks.filter((block) => LEGACY_MARKER.test(block.code));
const tc39Blocks = tsBlocks.filter((block) => !LEGACY_MARKER.test(block.code));

type Mode = 'tc39' | 'experimentalDecorators';

/** Compiled lazily, once per compiler and decorator mode, when the first block of that mode is checked. */
const compiled = new Map<string, Map<string, BlockDiagnostics>>();
function diagnosticsOf(ts: (typeof COMPILERS)[number], where: string, mode: Mode): BlockDiagnostics | undefined {
  const key = `${ts.version} ${mode}`;
  let results = compiled.get(key);
  if (results === undefined) {
    const modeBlocks = mode === 'tc39' ? tc39Blocks : legacyBlocks;
    results = new Map(compileBlocks(ts, modeBlocks, mode).map((result) => [`${result.block.file}:${result.block.line}`, result]));
    compiled.set(key, results);
  }
  return results.get(where);
}

describe('the code blocks of README.md and docs/*.md', () => {
  it('include TypeScript blocks in both decorator modes, in the README and in docs/', () => {
    expect(tsBlocks.filter((block) => block.file === 'README.md').length).toBeGreaterThanOrEqual(3);
    expect(tc39Blocks.length).toBeGreaterThanOrEqual(10);
    expect(legacyBlocks.length).toBeGreaterThanOrEqual(1);
  });

  for (const ts of COMPILERS) {
    // The first block of each compiler and mode compiles every block of that mode at once: minutes on a busy machine.
    describe(`compile with TypeScript ${ts.version}`, { timeout: 300_000 }, () => {
      for (const block of tsBlocks) {
        const mode: Mode = LEGACY_MARKER.test(block.code) ? 'experimentalDecorators' : 'tc39';
        it(`${block.file}:${block.line} (${mode})`, () => {
          const result = diagnosticsOf(ts, `${block.file}:${block.line}`, mode);
          expect(result?.messages.join('\n') ?? 'not compiled').toBe('');
        });
      }
    });
  }
});

describe('the documentation stays in step with the code', () => {
  it('the README\'s "Run this repository" holds exactly the two commands', () => {
    const heading = readme.split('\n').findIndex((line) => /^#+ Run this repository\s*$/.test(line));
    expect(heading, 'a "Run this repository" heading').toBeGreaterThanOrEqual(0);
    const first = blocks.find((block) => block.file === 'README.md' && block.line > heading + 1);
    expect(first?.lang).toBe('sh');
    expect(first?.code.split('\n').filter((line) => line.trim() !== '')).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });

  it('documents every option of FieldDependencyOptions', () => {
    const options = interfaceProperties(path.join(ROOT, 'src/options/FieldDependencyOptions.ts'), 'FieldDependencyOptions');
    expect(options).toContain('owner');
    const optionsTable = docPage('options.md').split('\n').filter((line) => line.startsWith('| `'));
    for (const option of options) {
      expect(optionsTable.some((line) => line.startsWith(`| \`${option}\``)), `a table row for option \`${option}\``).toBe(true);
    }
  });

  it('documents the default breaker options', () => {
    const options = docPage('options.md');
    for (const [key, value] of Object.entries(DEFAULT_BREAKER_OPTIONS)) {
      expect(options, `DEFAULT_BREAKER_OPTIONS.${key}`).toMatch(new RegExp(`\`${key}\`[^\\n]*\\b${value.toLocaleString('en-US').replace(/,/g, '[,_]?')}\\b`));
    }
  });

  it('documents every metric with its type and labels', () => {
    const metrics = createFieldDependencyMetrics();
    expect(metrics).toHaveLength(9);
    const page = docPage('metrics.md');
    for (const metric of [...metrics, ...createBrownoutMetrics()]) {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${metric.name}\``));
      expect(row, `a table row for ${metric.name}`).toBeDefined();
      expect(row).toContain(` ${metric.type} `);
      for (const label of metric.labelNames) expect(row, `${metric.name} label ${label}`).toContain(`\`${label}\``);
    }
  });
});
