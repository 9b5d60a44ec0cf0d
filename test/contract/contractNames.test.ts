import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { CRITICAL_ONLY, DEGRADED_OUTCOMES, DURATION_SERIES, FAILED_OUTCOME, METRIC_LABELS, METRIC_NAMES } from '../../src/contract/metricNames.js';
import { OWNER_PATTERN } from '../../src/contract/ownerPattern.js';
import { applyHealthSample } from '../../src/brownout/brownoutInUse.js';
import { configure, degradationScope, fieldDependency, metricsRegistry } from '../../src/index.js';
import { useFreshMetricsRegistry } from '../../src/testing/index.js';

/**
 * The names other programs rely on are spelled once, in src/contract/: a metric name (`field_dependency_…`) in a
 * string of library code anywhere else, another copy of the owner pattern, or a label name written into PromQL
 * or alert text, fails here. Comments may name them (they document, they do not define); the shipped
 * observability files and the docs are checked by their own tests against what the code publishes.
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

const LABELS: ReadonlySet<string> = new Set(Object.values(LABEL_NAMES));
/** PromQL's label lists: `by (a, b)`, `without (…)`, `on (…)`, `ignoring (…)`, `group_left (…)`, `group_right (…)`. */
const LABEL_LIST = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)/g;
/** A label matcher: `name="…"`, `name!="…"`, `name=~"…"`, `name!~"…"`. */
const LABEL_MATCHER = /\b([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)\s*["'`]/g;
/** A label read in alert template text: `$labels.name`, `.Labels.name`. */
const TEMPLATE_LABEL = /(?:\$labels|\.Labels)\.([A-Za-z_]\w*)/g;

/** The text of a string or a whole template (each substitution written `${}`), so a label list split by one is read whole. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `\${}${span.literal.text}`).join('');
  return undefined;
}

/**
 * `file:line: label` of every contract label name `source` writes in PromQL or alert template syntax outside a
 * comment: in a `by (…)`-style label list, as a matcher's name, or as `$labels.x`. Plain words (`'owner'`, "the
 * owner's field") are not PromQL and are not reported.
 */
function spelledLabels(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) {
      const names = [
        ...[...text.matchAll(LABEL_LIST)].flatMap((match) => (match[1] ?? '').split(',').map((name) => name.trim())),
        ...[...text.matchAll(LABEL_MATCHER)].map((match) => match[1] ?? ''),
        ...[...text.matchAll(TEMPLATE_LABEL)].map((match) => match[1] ?? ''),
      ];
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      for (const name of names.filter((candidate) => LABELS.has(candidate))) found.push(`${file}:${line}: ${name}`);
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

  it('no library file outside src/contract/ spells a label name in PromQL or alert text', () => {
    const found = libraryFiles().flatMap((file) => spelledLabels(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds a label name in a label list, a matcher and alert text, but not a plain word, a substitution or a comment', () => {
    const source = [
      "const a = 'sum by (owner, reason) (rate(x[5m]))';",
      'const b = `max by (${OWNER}, field) (${metric}) == 2`;',
      "const c = `${metric}{owner=\"%s\",reason!=\"breaker_open\"}`;",
      "const d = '{{ $labels.owner }} failing, mostly {{ .Labels.field }}';",
      "const e = ['owner=~\"a|b\"', `outcome!~\"x\"`];",
      "const f = { grouping: ['owner'], text: 'the owner of a field (see reason)', matcher: `${OWNER}=\"x\"` };",
      '// sum by (owner) in a comment',
      "const g = 'histogram_quantile(0.99, sum by (le) (rate(x[5m])))';",
      "const h = { type: 'gauge', critical: true, by: owner };",
    ].join('\n');
    expect(spelledLabels('x.ts', source)).toEqual([
      'x.ts:1: owner',
      'x.ts:1: reason',
      'x.ts:2: field',
      'x.ts:3: owner',
      'x.ts:3: reason',
      'x.ts:4: owner',
      'x.ts:4: field',
      'x.ts:5: owner',
      'x.ts:5: outcome',
    ]);
  });

  it('every label name is a label of some metric, and the matchers are written with them', () => {
    expect(new Set(Object.values(METRIC_LABELS).flat())).toEqual(LABELS);
    expect([DEGRADED_OUTCOMES, FAILED_OUTCOME, CRITICAL_ONLY]).toEqual(['outcome=~"degraded|failed"', 'outcome="failed"', 'critical="true"']);
  });

  it('the runtime publishes exactly the contract metrics, and their histogram series', async () => {
    const registry = useFreshMetricsRegistry();
    const load = fieldDependency(Array, { owner: 'contract', name: 'contractNames', concurrencyLimit: 10 })(async () => [1]);
    configure({ brownout: { targetLatencyMs: 100, intervalMs: 60_000 } });
    await degradationScope(() => load(), { endpoint: '/contract' });
    applyHealthSample({ latencyMs: 20, eventLoopDelayMs: 5, eventLoopUtilization: 0.4 });
    const exposition = await metricsRegistry().metrics();
    configure({ brownout: false });
    expect(registry).toBe(metricsRegistry());
    const names = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    expect([...names].filter((name) => name?.startsWith('field_dependency_')).sort()).toEqual(
      // Published only where configured: deciders (configure({ deciders })).
      Object.values(METRIC_NAMES).filter((name) => !/^field_dependency_decider/.test(name)).sort(),
    );
    for (const series of Object.values(DURATION_SERIES)) expect(exposition).toContain(`${series}{`);
    // Each published sample carries exactly its metric's contract labels.
    for (const [key, name] of Object.entries(METRIC_NAMES) as [keyof typeof METRIC_NAMES, string][]) {
      const series = key === 'duration' ? DURATION_SERIES.count : name;
      const lines = exposition.split('\n').filter((line) => line.startsWith(`${series}{`) || line.startsWith(`${series} `));
      for (const line of lines) expect([...line.matchAll(/(\w+)="/g)].map((match) => match[1]), line).toEqual([...METRIC_LABELS[key]]);
      if (!key.startsWith('decider') && key !== 'breakerState') expect(lines.length, series).toBeGreaterThan(0);
    }
  });
});
