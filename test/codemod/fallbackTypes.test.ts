/**
 * Fallbacks from what the code declares, and a backfill that type-checks itself: fixture projects on disk, run
 * through the real codemod, the real `check` and the real `tsc`. The `declared` project declares its DataLoaders'
 * value types (type arguments, a typed holder, a factory's return type, a typed class field, a subclass) over
 * batch functions whose results are `any`; the `check-*` projects hold wrapped loaders whose fallbacks fit and
 * misfit, compiled with `strict` on and with it off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import { markdownCodeBlocks } from '../enforcement/support/markdownCodeBlocks.js';
import { docPage, markdownSection } from '../support/markdownSection.js';
import { runCliInProcess, type CliResult } from '../support/runCliInProcess.js';
import { copyFixtureProject, readSourceTree, removeAll } from './support/codemodFixtures.js';
import { runTsc } from './support/runTsc.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/fallback-types');

/** The TODO markers the codemod's summary lists: `file:line  loader: message`. */
function listedTodos(run: CliResult): readonly string[] {
  const section = run.stderr.split('\n\n').find((part) => part.startsWith('TODO(field-dependency) markers')) ?? '';
  return section.split('\n').slice(1).map((line) => line.trim()).filter((line) => line !== '');
}

describe('codemod on a project that declares its DataLoaders’ value types', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const created: string[] = [];
  let project = '';
  let dryRun: CliResult;
  let write: CliResult;
  let loaders = '';

  beforeAll(async () => {
    project = copyFixtureProject(path.join(FIXTURES, 'declared/input'), created);
    dryRun = await runCliInProcess(['codemod', '--default-owner', 'tasks'], project);
    write = await runCliInProcess(['codemod', '--write', '--default-owner', 'tasks'], project);
    loaders = fs.readFileSync(path.join(project, 'src/loaders.ts'), 'utf8');
  }, PROCESS_TEST_TIMEOUT);
  afterAll(() => removeAll(created));

  it.each([
    ['type arguments', "new DataLoader<string, Estimate[]>(fieldDependency([Array], { owner: 'tasks'"],
    ['a typed holder', "DataLoader<string, Estimate | null> = new DataLoader(fieldDependency([null], { owner: 'tasks'"],
    ["a factory's declared return type", "return new DataLoader(fieldDependency([Map], { owner: 'tasks'"],
    ['a class field typed DataLoader<string, number>', "this.views = new DataLoader(fieldDependency([Number], { owner: 'tasks'"],
    ['a subclass of DataLoader<string, readonly string[]>', "super(fieldDependency([Array], { owner: 'tasks'"],
    ['string | null declared over a string[] result: what fits both', "new DataLoader<string, string | null>(fieldDependency([String], { owner: 'tasks'"],
    ['type arguments over a contextually typed batch function', "new DataLoader<string, number>(fieldDependency([Number], { owner: 'tasks'"],
  ])('takes the fallback from %s, not from the `any` result', (_declaredBy, wrapped) => {
    expect(loaders).toContain(wrapped);
  });

  it('leaves a TODO, never a guess, for an `any` result with nothing declared, and for an object with required members', () => {
    const todos = listedTodos(write);
    expect(todos[0]).toMatch(/^src\/loaders\.ts:\d+ {2}the batch function of anything: its result is `any` and its DataLoader declares no value type/);
    expect(todos[1]).toMatch(
      /^src\/loaders\.ts:\d+ {2}the batch function of countsById: no fallback type fits the value type `Counts` its DataLoader declares \(its type arguments\) \(\{\} lacks its required members likes, comments\)$/,
    );
    expect(loaders).not.toMatch(/fieldDependency\(\[(null|Object)\][^\n]*query\('(anything|counts)'/);
  });

  it('turns a wrap that would not compile into a TODO naming the compiler error, and says so in the summary', () => {
    expect(listedTodos(write)[2]).toMatch(/^src\/loaders\.ts:\d+ {2}rowsOf: wrapping it would not compile: TS1270 Decorator function return type /);
    expect(loaders).toMatch(/\/\/ field-dependency-ignore: TODO\(field-dependency\) wrapping it would not compile: TS1270 .*\n {2}async rowsOf</);
    expect(loaders).not.toContain('@fieldDependency');
    for (const run of [dryRun, write]) {
      expect(run.stderr).toContain("Type-checked in the project's program: 0 new type errors; 1 wrapper that would not compile left as TODO markers.");
      expect(run.status).toBe(1);
    }
    expect(write.stderr).toMatch(/^Wrapped 7 loaders and marked 3 TODO: 1 file written\./);
  });

  it('the result compiles with the real tsc, strict and with strictNullChecks off', async () => {
    for (const extra of [[], ['--strict', 'false']]) {
      const tsc = await runTsc(project, extra);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    }
  });

  it('the result passes check and check --types', async () => {
    for (const args of [['check', '--format', 'json'], ['check', '--types', '--format', 'json']]) {
      const check = await runCliInProcess(args, project);
      expect((JSON.parse(check.stdout) as CheckResult).findings).toEqual([]);
      expect(check.status).toBe(0);
    }
  });

  it('a second run changes nothing, and has nothing to type-check', async () => {
    const before = readSourceTree(project);
    const again = await runCliInProcess(['codemod', '--write', '--default-owner', 'tasks'], project);
    expect(again.stderr).toMatch(/^Nothing to change\.\n/);
    expect(again.stderr).not.toContain('Type-checked');
    expect(listedTodos(again)).toHaveLength(3);
    expect(readSourceTree(project)).toEqual(before);
  });
});

describe.each([
  {
    name: 'check-strict',
    misfits: [
      'src/misfits.ts:6:81  Fallback [null] does not fit `Estimate[]`, the value type its DataLoader declares (its type arguments): write [Array].  valid-field-dependency',
      'src/misfits.ts:9:81  Fallback [Object] does not fit `number`, the value type its DataLoader declares (the declared type of what holds it): write [Number].  valid-field-dependency',
    ],
  },
  {
    name: 'check-loose',
    misfits: [
      'src/misfits.ts:6:61  Fallback [null] does not fit `Estimate[]`, the value type its batch function returns per key (strictNullChecks is off, so the compiler takes null for any type and cannot see this): write [Array].  valid-field-dependency',
      'src/misfits.ts:12:20  Fallback [null] does not fit `number`, the value type its batch function returns per key (strictNullChecks is off, so the compiler takes null for any type and cannot see this): write [Number].  valid-field-dependency',
    ],
  },
])('check --types on $name', { timeout: PROCESS_TEST_TIMEOUT }, ({ name, misfits }) => {
  const created: string[] = [];
  let project = '';

  beforeAll(() => {
    // copyFixtureProject copies the directory it is given: a project without an `input` level is copied whole.
    project = copyFixtureProject(path.join(FIXTURES, name), created);
  });
  afterAll(() => removeAll(created));

  it('the compiler takes every fallback: the misfits compile', async () => {
    const tsc = await runTsc(project);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('without --types, check does not look at fallbacks', async () => {
    const check = await runCliInProcess(['check'], project);
    expect(check.status).toBe(0);
  });

  it('with --types, reports each misfit with the fallback that fits, and exits 1', async () => {
    const check = await runCliInProcess(['check', '--types'], project);
    expect(check.stdout.split('\n').filter((line) => line.startsWith('src/'))).toEqual(misfits);
    expect(check.status).toBe(1);
  });

  // docs/ci.md shows the strict project's output, so this is defined for that project only.
  if (name === 'check-strict') {
    it('prints what docs/ci.md shows', async () => {
      const section = markdownSection(docPage('ci.md'), '## Fallbacks that fit: `--types`');
      const [shown] = markdownCodeBlocks(section).filter((block) => block.language === 'text');
      const check = await runCliInProcess(['check', '--types'], project);
      for (const line of (shown?.code ?? '').split('\n').filter((text) => text !== '')) expect(check.stdout.split('\n')).toContain(line);
      expect(shown?.code).toContain('Fallback [null] does not fit');
    });
  }

  it('with --types, is clean on the fitting loaders alone', async () => {
    fs.rmSync(path.join(project, 'src/misfits.ts'));
    const check = await runCliInProcess(['check', '--types', '--format', 'json'], project);
    expect((JSON.parse(check.stdout) as CheckResult).findings).toEqual([]);
    expect(check.status).toBe(0);
  });
});
