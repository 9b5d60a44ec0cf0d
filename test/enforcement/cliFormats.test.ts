import path from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { formatGithub } from '../../cli/check/formats/formatGithub.js';
import { SARIF_SCHEMA } from '../../cli/check/formats/formatSarif.js';
import { FIXTURES, PROCESS_TEST_TIMEOUT } from './support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

const suppressions = path.join(FIXTURES, 'suppressions');
const clean = path.join(FIXTURES, 'clean');

describe('--format text', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('prints the problems, a summary, then every suppression with its reason', async () => {
    const run = await runCliInProcess(['check'], suppressions);
    const lines = run.stdout.split('\n');

    expect(run.status).toBe(1);
    expect(lines.slice(0, 2)).toEqual([
      'src/loaders.ts:12:1  A field-dependency-ignore comment needs a reason: `// field-dependency-ignore: <why this loader may stay unwrapped>`.  valid-field-dependency',
      "src/loaders.ts:13:40  This inline function is a loader (the batch function of a DataLoader) but is not wrapped with fieldDependency from 'field-dependency'.  require-field-dependency",
    ]);
    expect(lines.slice(7)).toEqual([
      '',
      '7 problems in 3 files.',
      '',
      'Suppressions (8):',
      'src/batches.ts:3:1  shared read-through cache, degrades on its own  (suppresses src/consumer.ts:4:38)',
      'src/consumer.ts:5:1  fresh reads are best effort here  (suppresses src/consumer.ts:6:37)',
      'src/loaders.ts:4:1  legacy search loader, removed with the v1 API  (suppresses src/loaders.ts:5:38)',
      'src/loaders.ts:8:3  reads an in-process cache that cannot fail  (suppresses src/loaders.ts:9:3)',
      'src/loaders.ts:21:1  block comments work too  (suppresses src/loaders.ts:22:37)',
      'src/loaders.ts:24:1  too far away  (suppresses nothing)',
      'src/loaders.ts:31:3  only used by the admin tool  (suppresses src/loaders.ts:32:9)',
      'src/loaders.ts:37:1  nothing below is a loader  (suppresses nothing)',
      '',
    ]);
  });
});

describe('--format json', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('has the findings with locations and messages, and the suppressions with what they silence', async () => {
    const run = await runCliInProcess(['check', '--format', 'json'], suppressions);
    const report = JSON.parse(run.stdout) as CheckResult;

    expect(run.status).toBe(1);
    expect(report.tsconfig).toBe('tsconfig.json');
    expect(report.filesChecked).toBe(3);
    expect(report.findings).toHaveLength(7);
    expect(report.findings[1]).toEqual({
      rule: 'require-field-dependency',
      messageId: 'unwrappedLoader',
      message: "This inline function is a loader (the batch function of a DataLoader) but is not wrapped with fieldDependency from 'field-dependency'.",
      file: 'src/loaders.ts',
      line: 13,
      column: 40,
      endLine: 13,
      endColumn: 73,
      loaderSites: 1,
    });
    expect(report.suppressions[0]).toMatchObject({
      file: 'src/batches.ts',
      line: 3,
      column: 1,
      reason: 'shared read-through cache, degrades on its own',
      suppresses: [{ file: 'src/consumer.ts', line: 4, column: 38, rule: 'require-field-dependency' }],
    });
  });

  it('exits 0 with no findings on a clean project', async () => {
    const run = await runCliInProcess(['check', '--format', 'json'], clean);

    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as CheckResult).findings).toEqual([]);
  });
});

describe('--format sarif', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('is a SARIF 2.1.0 log with both rules and one located result per problem', async () => {
    const run = await runCliInProcess(['check', '--format', 'sarif'], suppressions);
    const log = JSON.parse(run.stdout) as Log;

    expect(run.status).toBe(1);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    expect(sarifRun?.tool.driver.name).toBe('field-dependency');
    expect(sarifRun?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    const rules = sarifRun?.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual(['require-field-dependency', 'valid-field-dependency']);
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toMatch(/\w/);
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    }
    const results = sarifRun?.results ?? [];
    expect(results).toHaveLength(7);
    for (const result of results) {
      expect(result.level).toBe('error');
      expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
      expect(result.message.text).toMatch(/\w/);
      expect(result.locations).toHaveLength(1);
      const location = result.locations?.[0]?.physicalLocation;
      expect(location?.artifactLocation?.uri).toMatch(/^src\/[\w.]+\.ts$/);
      expect(location?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      expect(location?.region?.startLine).toBeGreaterThan(0);
      expect(location?.region?.startColumn).toBeGreaterThan(0);
    }
    expect(results[1]).toMatchObject({
      ruleId: 'require-field-dependency',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/loaders.ts' }, region: { startLine: 13, startColumn: 40 } } }],
    });
    expect(sarifRun?.properties?.['suppressions']).toHaveLength(8);
  });

  it('declares the rules and no results on a clean project', async () => {
    const run = await runCliInProcess(['check', '--format', 'sarif'], clean);
    const log = JSON.parse(run.stdout) as Log;

    expect(run.status).toBe(0);
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.tool.driver.rules).toHaveLength(2);
  });
});

describe('--format github', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('writes one ::error workflow command per problem and a ::notice per suppression', async () => {
    const run = await runCliInProcess(['check', '--format', 'github'], suppressions);
    const lines = run.stdout.trimEnd().split('\n');

    expect(run.status).toBe(1);
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(7);
    expect(lines.filter((line) => line.startsWith('::notice '))).toHaveLength(8);
    expect(lines[1]).toBe(
      "::error file=src/loaders.ts,line=13,col=40,endLine=13,endColumn=73,title=require-field-dependency::This inline function is a loader (the batch function of a DataLoader) but is not wrapped with fieldDependency from 'field-dependency'.",
    );
    expect(lines).toContain('::notice file=src/batches.ts,line=3,col=1,title=field-dependency-ignore::shared read-through cache, degrades on its own');
    expect(lines.at(-1)).toBe('7 field-dependency problems in 3 files.');
  });

  it('escapes workflow command properties and data', () => {
    const report: CheckResult = {
      tsconfig: 'tsconfig.json',
      filesChecked: 1,
      findings: [
        {
          rule: 'valid-field-dependency',
          messageId: 'invalidOwner',
          message: 'Owner "100%\nteam" is invalid',
          file: 'src/a,b:c.ts',
          line: 1,
          column: 2,
          endLine: 1,
          endColumn: 3,
          loaderSites: 0,
        },
      ],
      suppressions: [],
      hiddenByFactories: 0,
    };

    expect(formatGithub(report).split('\n')[0]).toBe(
      '::error file=src/a%2Cb%3Ac.ts,line=1,col=2,endLine=1,endColumn=3,title=valid-field-dependency::Owner "100%25%0Ateam" is invalid',
    );
  });
});
