import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BREAKER_OPTIONS } from 'field-dependency';
import { createFieldDependencyMetrics } from '../../src/metrics/fieldDependencyMetrics.js';
import { codeBlocks, COMPILERS, compileBlocks, interfaceProperties, LEGACY_MARKER, ROOT, type BlockDiagnostics } from './readmeBlocks.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = codeBlocks(readme);
const tsBlocks = blocks.filter((block) => block.lang === 'ts');
const legacyBlocks = tsBlocks.filter((block) => LEGACY_MARKER.test(block.code));
const tc39Blocks = tsBlocks.filter((block) => !LEGACY_MARKER.test(block.code));

type Mode = 'tc39' | 'experimentalDecorators';

/** Compiled lazily, once per compiler and decorator mode, when the first block of that mode is checked. */
const compiled = new Map<string, Map<number, BlockDiagnostics>>();
function diagnosticsOf(ts: (typeof COMPILERS)[number], line: number, mode: Mode): BlockDiagnostics | undefined {
  const key = `${ts.version} ${mode}`;
  let results = compiled.get(key);
  if (results === undefined) {
    const modeBlocks = mode === 'tc39' ? tc39Blocks : legacyBlocks;
    results = new Map(compileBlocks(ts, modeBlocks, mode).map((result) => [result.block.line, result]));
    compiled.set(key, results);
  }
  return results.get(line);
}

describe('README.md code blocks', () => {
  it('include TypeScript blocks in both decorator modes', () => {
    expect(tc39Blocks.length).toBeGreaterThanOrEqual(10);
    expect(legacyBlocks.length).toBeGreaterThanOrEqual(1);
  });

  for (const ts of COMPILERS) {
    describe(`compile with TypeScript ${ts.version}`, () => {
      for (const block of tsBlocks) {
        const mode: Mode = LEGACY_MARKER.test(block.code) ? 'experimentalDecorators' : 'tc39';
        it(`README.md:${block.line} (${mode})`, () => {
          const result = diagnosticsOf(ts, block.line, mode);
          expect(result?.messages.join('\n') ?? 'not compiled').toBe('');
        });
      }
    });
  }
});

describe('README.md stays in step with the code', () => {
  it('quick start holds exactly the two commands', () => {
    const heading = readme.split('\n').findIndex((line) => /^#+ Quick start\s*$/.test(line));
    expect(heading, 'a "Quick start" heading').toBeGreaterThanOrEqual(0);
    const first = blocks.find((block) => block.line > heading + 1);
    expect(first?.lang).toBe('sh');
    expect(first?.code.split('\n').filter((line) => line.trim() !== '')).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });

  it('documents every option of FieldDependencyOptions', () => {
    const options = interfaceProperties(path.join(ROOT, 'src/options/FieldDependencyOptions.ts'), 'FieldDependencyOptions');
    expect(options).toContain('owner');
    const optionsTable = readme.split('\n').filter((line) => line.startsWith('| `'));
    for (const option of options) {
      expect(optionsTable.some((line) => line.startsWith(`| \`${option}\``)), `a table row for option \`${option}\``).toBe(true);
    }
  });

  it('documents the default breaker options', () => {
    for (const [key, value] of Object.entries(DEFAULT_BREAKER_OPTIONS)) {
      expect(readme, `DEFAULT_BREAKER_OPTIONS.${key}`).toMatch(new RegExp(`\`${key}\`[^\\n]*\\b${value.toLocaleString('en-US').replace(/,/g, '[,_]?')}\\b`));
    }
  });

  it('documents every metric with its type and labels', () => {
    const metrics = createFieldDependencyMetrics();
    expect(metrics).toHaveLength(7);
    for (const metric of metrics) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${metric.name}\``));
      expect(row, `a table row for ${metric.name}`).toBeDefined();
      expect(row).toContain(` ${metric.type} `);
      for (const label of metric.labelNames) expect(row, `${metric.name} label ${label}`).toContain(`\`${label}\``);
    }
  });
});
