import path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { PROCESS_TEST_TIMEOUT } from '../enforcement/support/paths.js';
import type { CliRun } from '../enforcement/support/runCheckCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { CODEMOD_CASES } from './support/codemodCases.js';
import { CODEMOD_FIXTURES, copyFixtureProject, readSourceTree, removeAll } from './support/codemodFixtures.js';
import { runTsc } from './support/runTsc.js';

/** The `file:line` of each entry the codemod's summary lists in the section whose heading starts with `heading`. */
function listedIn(run: CliRun, heading: string): readonly string[] {
  const section = run.stderr.split('\n\n').find((part) => part.startsWith(heading)) ?? '';
  return [...section.matchAll(/^ {2}(\S+:\d+) {2}/gm)].map((match) => match[1] ?? '');
}

/** The `file:line` of each TODO marker the codemod's summary lists. */
function listedTodos(run: CliRun): readonly string[] {
  return listedIn(run, 'TODO(field-dependency) markers');
}

describe.each(CODEMOD_CASES)('codemod on the $name fixture', { timeout: PROCESS_TEST_TIMEOUT }, (codemodCase) => {
  const created: string[] = [];
  const caseDirectory = path.join(CODEMOD_FIXTURES, codemodCase.name);
  const input = readSourceTree(path.join(caseDirectory, 'input'));
  let project = '';
  let dryRun: CliRun;
  let afterDryRun: Readonly<Record<string, string>>;
  const writes: { run: CliRun; tree: Readonly<Record<string, string>> }[] = [];

  beforeAll(async () => {
    project = copyFixtureProject(path.join(caseDirectory, 'input'), created);
    dryRun = await runCliInProcess(['codemod', ...(codemodCase.steps[0]?.args ?? [])], project);
    afterDryRun = readSourceTree(project);
    for (const step of codemodCase.steps) {
      const run = await runCliInProcess(['codemod', '--write', ...step.args], project);
      writes.push({ run, tree: readSourceTree(project) });
    }
  }, PROCESS_TEST_TIMEOUT);
  afterAll(() => removeAll(created));

  it('dry run: writes nothing, and prints a diff that turns the input into the expected output', () => {
    const [first] = codemodCase.steps;
    const expected = readSourceTree(path.join(caseDirectory, first?.expected ?? ''));
    expect(afterDryRun).toEqual(input);
    const patched: Record<string, string> = { ...input };
    for (const patch of parsePatch(dryRun.stdout)) {
      const file = (patch.oldFileName ?? '').replace(/^a\//, '');
      const result = applyPatch(patched[file] ?? '', patch);
      expect(result, `the diff applies to ${file}`).not.toBe(false);
      patched[file] = result as string;
    }
    expect(patched).toEqual(expected);
    expect(listedTodos(dryRun)).toEqual(first?.todos);
  });

  it.each(codemodCase.steps.map((step, index) => ({ ...step, index })))(
    '--write $args: leaves the expected src tree and lists its TODO markers',
    ({ expected, todos, reviews, index }) => {
      const write = writes[index];
      expect(write?.tree).toEqual(readSourceTree(path.join(caseDirectory, expected)));
      expect(write?.run.stdout).toBe('');
      expect(listedTodos(write?.run as CliRun)).toEqual(todos);
      expect(listedIn(write?.run as CliRun, 'Kept critical')).toEqual(reviews ?? []);
      expect(write?.run.status).toBe(todos.length === 0 ? 0 : 1);
    },
  );

  it('the result compiles with the real tsc --noEmit', async () => {
    const tsc = await runTsc(project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  // A strict project's result must also compile with strictNullChecks off; a loose project is off already.
  if (!codemodCase.name.startsWith('loose')) {
    it('the result compiles with strictNullChecks off too (strict: false)', async () => {
      const tsc = await runTsc(project, ['--strict', 'false', '--exactOptionalPropertyTypes', 'false']);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    });
  }

  it('the result passes check: no findings, each TODO marker listed as a suppression of a loader', async () => {
    const check = await runCliInProcess(['check', '--format', 'json'], project);
    const report = JSON.parse(check.stdout) as CheckResult;
    const todoMarkers = report.suppressions.filter((suppression) => suppression.reason.startsWith('TODO(field-dependency) '));

    expect(check.status).toBe(0);
    expect(report.findings).toEqual([]);
    expect(todoMarkers.map((marker) => `${marker.file}:${marker.line}`)).toEqual(codemodCase.steps.at(-1)?.todos);
    for (const marker of todoMarkers) expect(marker.suppresses.length, `${marker.file}:${marker.line} suppresses a loader`).toBeGreaterThan(0);
  });

  it('names every loader uniquely: the inventory has no two entries with the same (field, owner)', async () => {
    const inventory = await runCliInProcess(['inventory', '--format', 'json'], project);
    const { fieldDependencies: entries } = JSON.parse(inventory.stdout) as { fieldDependencies: { field: string | null; owner: string | null; file: string; line: number }[] };
    const pairs = entries.map((entry) => `${entry.owner ?? '?'}/${entry.field ?? '?'}`);

    expect(inventory.status).toBe(0);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.field === null || entry.field === undefined)).toEqual([]);
    expect([...new Set(pairs.filter((pair, index) => pairs.indexOf(pair) !== index))]).toEqual(codemodCase.sharedFields ?? []);
  });

  it('a second run changes nothing', async () => {
    const last = codemodCase.steps.at(-1);
    const before = readSourceTree(project);
    const again = await runCliInProcess(['codemod', ...(last?.args ?? [])], project);
    const rewrite = await runCliInProcess(['codemod', '--write', ...(last?.args ?? [])], project);

    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('Nothing to change.');
    expect(listedTodos(again)).toEqual(last?.todos);
    expect(rewrite.stderr).toContain('Nothing to change.');
    expect(readSourceTree(project)).toEqual(before);
  });
});
