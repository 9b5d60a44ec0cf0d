import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEGRADED_OUTCOMES, DURATION_SERIES, METRIC_LABELS, METRIC_NAMES } from '../../src/contract/metricNames.js';
import { OWNER_PATTERN } from '../../src/contract/ownerPattern.js';
import { applyHealthSample } from '../../src/brownout/brownoutInUse.js';
import { configure, degradationScope, fieldDependency, metricsRegistry } from '../../src/index.js';
import { useFreshMetricsRegistry } from '../../src/testing/index.js';

/**
 * The names other programs rely on are spelled once, in src/contract/: a metric name (`field_dependency_…`) in a
 * string of library code anywhere else, or another copy of the owner pattern, fails here. Comments may name
 * them (they document, they do not define); the shipped observability files and the docs are checked by their
 * own tests against what the code publishes.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const LIBRARY = ['src', 'detection', 'cli', 'lint-rules', 'tooling'];
const CONTRACT = 'src/contract/';

function libraryFiles(): string[] {
  return LIBRARY.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
  ).filter((file) => !file.startsWith(CONTRACT));
}

/** `file:line: text` of every string, template part or regular expression of `source` that spells a contract name. */
function spelledNames(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text = ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) ? node.text : ts.isRegularExpressionLiteral(node) ? node.text : undefined;
    if (text !== undefined && (/field_dependency_[a-z]/.test(text) || text.includes(OWNER_PATTERN.source.slice(1, -1)))) {
      found.push(`${file}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('contract names are spelled once, in src/contract/', () => {
  it('reads the library code', () => {
    const files = libraryFiles();
    expect(files).toEqual(expect.arrayContaining(['src/metrics/fieldDependencyMetrics.ts', 'cli/slo/alertingRules.ts', 'cli/canary/canarySignals.ts']));
    expect(files.some((file) => file.startsWith(CONTRACT))).toBe(false);
  });

  it('no library file outside src/contract/ spells a metric name or the owner pattern', () => {
    const found = libraryFiles().flatMap((file) => spelledNames(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds a spelled name in a string, a template, a regular expression, but not in a comment', () => {
    const source = [
      "const a = 'rate(field_dependency_calls_total[5m])';",
      'const b = `sum(${a}) / field_dependency_info`;',
      'const c = /^[a-z0-9][a-z0-9._-]*$/i;',
      '// field_dependency_calls_total in a comment',
      'const d = `owner:${prefix}_calls:rate5m`;',
    ].join('\n');
    expect(spelledNames('x.ts', source).map((line) => line.split(':')[1])).toEqual(['1', '2', '3']);
  });

  it('the runtime publishes exactly the contract metrics, and their histogram series', async () => {
    const registry = useFreshMetricsRegistry();
    const load = fieldDependency(Array, { owner: 'contract', name: 'contractNames' })(async () => [1]);
    configure({ brownout: { targetLatencyMs: 100, intervalMs: 60_000 } });
    await degradationScope(() => load(), { endpoint: '/contract' });
    applyHealthSample({ latencyMs: 20, eventLoopDelayMs: 5 });
    const exposition = await metricsRegistry().metrics();
    configure({ brownout: false });
    expect(registry).toBe(metricsRegistry());
    const names = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    expect([...names].filter((name) => name?.startsWith('field_dependency_')).sort()).toEqual(
      // Published only where configured: deciders (configure({ deciders })); concurrency limits land next.
      Object.values(METRIC_NAMES).filter((name) => !/^field_dependency_(decider|concurrency|in_flight)/.test(name)).sort(),
    );
    for (const series of Object.values(DURATION_SERIES)) expect(exposition).toContain(`${series}{`);
    // Each published sample carries exactly its metric's contract labels.
    for (const [key, name] of Object.entries(METRIC_NAMES) as [keyof typeof METRIC_NAMES, string][]) {
      const series = key === 'duration' ? DURATION_SERIES.count : name;
      const lines = exposition.split('\n').filter((line) => line.startsWith(`${series}{`));
      for (const line of lines) expect([...line.matchAll(/(\w+)="/g)].map((match) => match[1]), line).toEqual([...METRIC_LABELS[key]]);
      if (!/^(decider|concurrency|inFlight)/.test(key) && key !== 'breakerState') expect(lines.length, series).toBeGreaterThan(0);
    }
    expect(DEGRADED_OUTCOMES).toBe('outcome=~"degraded|failed"');
  });
});
