/**
 * Flag keys join owner and field with dots, so owner `search.ranking` + field `boost` and owner `search`
 * + field `ranking.boost` both get `field-dependency.search.ranking.boost`. The key format stays (flags
 * already committed keep working); the collision is refused instead: at declaration (a warning naming
 * both and the `decider` option; the second is not gated by the other's flag) and by `deciders` (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { REPO_ROOT } from '../enforcement/support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { inMemoryDeciders } from './support.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

let fd: Runtime;
let registry: Registry;
let warn: { readonly mock: { readonly calls: unknown[][] }; mockRestore(): void };

beforeEach(async () => {
  vi.resetModules();
  fd = { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
  registry = fd.useFreshMetricsRegistry();
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});

afterEach(() => {
  fd.shutdownFieldDependencies();
  warn.mockRestore();
});

const clashes = () => warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_DECIDER_CLASH').map((call) => String(call[0]));

async function samples(name: string): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(values.map((sample) => [`${sample.labels.owner}/${sample.labels.field}`, sample.value]));
}

describe('at declaration', () => {
  test('a default key two dependencies would share: a warning names both and the `decider` option; the flag gates the first one only', async () => {
    const calls: string[] = [];
    const first = fd.fieldDependency(Map, { owner: 'search.ranking', name: 'boost', breaker: false })(async () => {
      calls.push('first');
      return new Map([['a', 1]]);
    });
    const second = fd.fieldDependency(Map, { owner: 'search', name: 'ranking.boost', breaker: false })(async () => {
      calls.push('second');
      return new Map([['a', 1]]);
    });

    expect(clashes()).toEqual([
      "flag key 'field-dependency.search.ranking.boost' is the decider of field 'boost' (owner 'search.ranking') and of field 'ranking.boost' (owner 'search'): " +
        "switching it would switch both. Field 'ranking.boost' (owner 'search') is not gated by it (it fails open, each read counted in " +
        'field_dependency_decider_errors_total): give one of them its own flag key with the `decider` option.',
    ]);

    const { client } = await inMemoryDeciders({ 'field-dependency.search.ranking.boost': 0 });
    fd.configure({ deciders: client });
    await fd.refreshDeciders();
    expect((await first()).size).toBe(0);
    expect((await second()).size).toBe(1);
    expect(calls).toEqual(['second']);
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search.ranking/boost': 0, 'search/ranking.boost': 100 });
    expect((await samples('field_dependency_decider_errors_total'))['search/ranking.boost']).toBeGreaterThanOrEqual(1);
    expect((await samples('field_dependency_decider_errors_total'))['search.ranking/boost']).toBe(0);
  });

  test('the fix the warning names: a `decider` option of its own', () => {
    fd.fieldDependency(Map, { owner: 'search.ranking', name: 'boost' })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'search', name: 'ranking.boost', decider: 'search.ranking-boost.kill-switch' })(async () => new Map());
    expect(clashes()).toEqual([]);
  });

  test('a key named by the `decider` option of several dependencies is one switch for all of them, on purpose', () => {
    fd.fieldDependency(Map, { owner: 'search', name: 'suggestions', decider: 'search.kill-switch' })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'search', name: 'spelling', decider: 'search.kill-switch' })(async () => new Map());
    expect(clashes()).toEqual([]);
  });

  test('the same dependency declared again (a factory called per request) is no collision', () => {
    for (let request = 0; request < 3; request++) fd.fieldDependency(Map, { owner: 'search.ranking', name: 'boost' })(async () => new Map());
    expect(clashes()).toEqual([]);
  });
});

describe('field-dependency deciders', () => {
  let project: string;

  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'flag-key-collisions-'));
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [], paths: { 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] } },
        include: ['src'],
      }),
    );
  });

  afterEach(() => {
    fs.rmSync(project, { recursive: true, force: true });
  });

  function write(file: string, source: string): void {
    fs.writeFileSync(path.join(project, 'src', file), source);
  }

  test('two dependencies whose default keys collide: exit 2 naming both and the `decider` option, nothing on stdout', async () => {
    write(
      'ranking.ts',
      [
        "import { fieldDependency } from 'field-dependency';",
        "export const boost = fieldDependency(Map, { owner: 'search.ranking', name: 'boost' })(async (ids: readonly string[]) => new Map(ids.map((id) => [id, 1])));",
        '',
      ].join('\n'),
    );
    write(
      'search.ts',
      [
        "import { fieldDependency } from 'field-dependency';",
        '',
        "export const rankingBoost = fieldDependency(Map, { owner: 'search', name: 'ranking.boost' })(async (ids: readonly string[]) => new Map(ids.map((id) => [id, 2])));",
        "export const other = fieldDependency(Map, { owner: 'search', name: 'other' })(async (ids: readonly string[]) => new Map(ids.map((id) => [id, 3])));",
        '',
      ].join('\n'),
    );

    const run = await runCliInProcess(['deciders'], project);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "field-dependency: flag key 'field-dependency.search.ranking.boost' is the decider of two dependencies: 'boost' (owner 'search.ranking', src/ranking.ts:2) " +
        "and 'ranking.boost' (owner 'search', src/search.ts:3); switching it would switch both: give one of them its own flag key with the `decider` option\n",
    );
  });

  test('keys shared on purpose through the `decider` option print one flag, exit 0', async () => {
    write(
      'search.ts',
      [
        "import { fieldDependency } from 'field-dependency';",
        "export const suggestions = fieldDependency(Map, { owner: 'search', name: 'suggestions', decider: 'search.kill-switch' })(async () => new Map<string, number>());",
        "export const spelling = fieldDependency(Map, { owner: 'search', name: 'spelling', decider: 'search.kill-switch' })(async () => new Map<string, number>());",
        '',
      ].join('\n'),
    );

    const run = await runCliInProcess(['deciders'], project);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout).flags)).toEqual(['search.kill-switch']);
  });
});
