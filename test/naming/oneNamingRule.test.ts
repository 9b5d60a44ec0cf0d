/**
 * One naming rule: every shape a loader is held in (variable, typed variable, object property, quoted key,
 * class field, typed class field, `this.x =` in a constructor, decorated method, named function, a DataLoader
 * made from the wrapped function held by each of those, a per-request factory's object literal, a cache
 * class's property) gets the same field name from the running code, `inventory`, `deciders` and `codemod`;
 * and each flag key `deciders` prints is one the running code reads, set to 0 through a real OpenFeature
 * client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inMemoryDeciders } from '../deciders/support.js';
import { copyFixtureProject, removeAll } from '../codemod/support/codemodFixtures.js';
import { runTsc } from '../codemod/support/runTsc.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

noUnhandledRejections();

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/naming');
const WRAPPED = path.join(FIXTURES, 'wrapped');

/** The field name of each shape, by the rule (see the fixture's comments), written out by hand. */
const NAMES = [
  'likes', // const likes = fieldDependency(…)(async (ids) => …)
  'reposts', // const reposts: Batch<string, number | null> = …
  'comments', // comments: … in an object literal
  'saved-by', // 'saved-by': …
  'loadPins', // fieldDependency(…)(async function loadPins(…) {…})
  'loadBoards', // fieldDependency(…)(loadBoards)
  'bookmarks', // const bookmarks = new DataLoader(fieldDependency(…)(…))
  'reactions', // over two lines, with type arguments
  'views', // a class field
  'impressions', // private readonly impressions: DataLoader<K, V> = new DataLoader(…)
  'follows', // this.follows = new DataLoader(…) in a constructor
  'mentions', // this.mentions = fieldDependency(…)(…) in a constructor
  'batchVotes', // @fieldDependency(…) async batchVotes(…)
  'loader', // a cache class's private property
  'byUserId', // createLoaders() { return { byUserId: new DataLoader(…) } }
  'byTeamId', // byTeamId: () => new DataLoader(…, { cache: false })
].sort();

interface Named {
  readonly field: string | undefined;
  readonly decider: string | false | undefined;
}
type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');
/* eslint-disable @typescript-eslint/no-explicit-any -- the fixture module is imported at run time, untyped */
type FixtureModule = any;

/** Every loader of the fixture module, by the name the rule gives it: its batch function, as DataLoader calls it. */
function batchFunctions(fixture: FixtureModule): Map<string, (keys: readonly string[]) => Promise<unknown>> {
  const batchOf = (loader: unknown) => (loader as { _batchLoadFn: (keys: readonly string[]) => Promise<unknown> })._batchLoadFn;
  const service = new fixture.LoadersService();
  const cache = new fixture.CountCache();
  const request = fixture.createLoaders();
  return new Map(
    Object.entries({
      likes: batchOf(fixture.direct.likes),
      reposts: batchOf(fixture.direct.reposts),
      comments: batchOf(fixture.direct.comments),
      'saved-by': batchOf(fixture.direct.savedBy),
      loadPins: batchOf(fixture.direct.pins),
      loadBoards: batchOf(fixture.direct.boards),
      bookmarks: batchOf(fixture.bookmarks),
      reactions: batchOf(fixture.reactions),
      views: batchOf(service.viewsLoader),
      impressions: batchOf(service.impressions),
      follows: batchOf(service.follows),
      ...(service.mentions === undefined ? {} : { mentions: service.mentions }),
      batchVotes: (keys: readonly string[]) => service.batchVotes(keys),
      loader: batchOf(cache.loader),
      byUserId: batchOf(request.byUserId),
      byTeamId: batchOf(request.byTeamId()),
    }),
  );
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Imports `file` with a fresh copy of the runtime (no names claimed by an earlier import), and both. */
async function freshImport(file: string): Promise<{ fd: Runtime; fixture: unknown }> {
  vi.resetModules();
  const fd = { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
  fd.useFreshMetricsRegistry();
  return { fd, fixture: await import(pathToFileURL(file).href) };
}

/** The field name and flag key the running code gave each loader of `file`, by the rule's name for it. */
async function runtimeNames(file: string): Promise<Map<string, Named>> {
  const { fd, fixture } = await freshImport(file);
  const named = new Map<string, Named>();
  for (const [name, batch] of batchFunctions(fixture)) {
    const declaration = fd.fieldDependencyOf(name === 'batchVotes' ? (fixture as { LoadersService: { prototype: { batchVotes: unknown } } }).LoadersService.prototype.batchVotes : batch);
    named.set(name, { field: declaration?.field, decider: declaration?.decider });
  }
  return named;
}

interface InventoryRow {
  readonly field: string | null;
  readonly owner: string | null;
  readonly flagKey: string | false | null;
}

async function inventoryOf(project: string): Promise<InventoryRow[]> {
  const run = await runCliInProcess(['inventory', '--format', 'json'], project);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { fieldDependencies: InventoryRow[] }).fieldDependencies;
}

async function printedFlagKeys(project: string): Promise<string[]> {
  const run = await runCliInProcess(['deciders'], project);
  expect(run.status).toBe(0);
  return Object.keys((JSON.parse(run.stdout) as { flags: Record<string, unknown> }).flags);
}

const created: string[] = [];
afterAll(() => removeAll(created));

describe('the runtime and the static tools name every shape the same', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('runtime (source read through source maps) = the rule = inventory = deciders, one field and one flag per loader', async () => {
    const runtime = await runtimeNames(path.join(WRAPPED, 'src/engagement.ts'));
    expect(Object.fromEntries([...runtime].map(([name, { field }]) => [name, field]))).toEqual(Object.fromEntries(NAMES.map((name) => [name, name])));

    const inventory = await inventoryOf(WRAPPED);
    expect(inventory.map((row) => row.field).sort()).toEqual(NAMES);
    for (const row of inventory) {
      expect(row.owner).toBe('engagement');
      expect(row.flagKey).toBe(runtime.get(row.field ?? '')?.decider);
    }
    expect((await printedFlagKeys(WRAPPED)).sort()).toEqual([...runtime.values()].map(({ decider }) => decider).sort());
  });

  it('each flag `deciders` prints, set to 0 on a real OpenFeature client, switches its field off (reason disabled)', async () => {
    const keys = await printedFlagKeys(WRAPPED);
    const { fd, fixture } = await freshImport(path.join(WRAPPED, 'src/engagement.ts'));
    const batches = batchFunctions(fixture);
    // Before: every loader answers from its upstream.
    for (const batch of batches.values()) expect(await batch(['a'])).toEqual(['counts:a'.length]);

    const deciders = await inMemoryDeciders(Object.fromEntries(keys.map((key) => [key, 0])));
    fd.configure({ deciders: deciders.client });
    await fd.refreshDeciders();
    for (const [name, batch] of batches) {
      const degraded = await fd.degradationScope(async () => {
        expect(await batch(['a'])).toEqual([null]);
        return fd.currentDegradations();
      }, { endpoint: 'naming' });
      expect(degraded, name).toEqual([{ field: name, owner: 'engagement', reason: 'disabled' }]);
    }
    fd.shutdownFieldDependencies();
  });

  it('the codemod writes, for every shape, the name the runtime derives; its output compiles and runs under those names', async () => {
    const project = copyFixtureProject(path.join(FIXTURES, 'unwrapped'), created);
    const codemod = await runCliInProcess(['codemod', '--write', '--default-owner', 'engagement'], project);
    expect(codemod.status).toBe(0);
    expect(codemod.stderr).toBe(
      'Wrapped 15 loaders: 1 file written.\n' +
        'Tiers: 15 optional at tier 2 (the default, not written; a brownout may shed them: add tier: 3 where a field may go first).\n' +
        "Type-checked in the project's program: 0 new type errors.\n",
    );
    const source = fs.readFileSync(path.join(project, 'src/engagement.ts'), 'utf8');
    const written = [...source.matchAll(/name: '([^']*)'/g)].map((match) => match[1]).sort();
    const expected = NAMES.filter((name) => name !== 'mentions');
    expect(written).toEqual(expected);
    expect((await inventoryOf(project)).map((row) => row.field).sort()).toEqual(expected);

    // Compiled by the real tsc and run: the names written are the ones in force…
    const asWritten = await compiled(project, 'dist');
    expect(Object.fromEntries([...(await runtimeNames(asWritten))].map(([name, { field }]) => [name, field]))).toEqual(Object.fromEntries(expected.map((name) => [name, name])));
    // …and, with every `name` removed, the runtime derives the same ones: a later rename is the only change.
    fs.writeFileSync(path.join(project, 'src/engagement.ts'), source.replace(/, name: '[^']*'/g, ''));
    const derived = await compiled(project, 'dist-derived');
    expect(Object.fromEntries([...(await runtimeNames(derived))].map(([name, { field }]) => [name, field]))).toEqual(Object.fromEntries(expected.map((name) => [name, name])));
  });
});

/** Compiles `project` with the real tsc into `outDir` (no type error allowed) and returns its emitted `engagement.js`. */
async function compiled(project: string, outDir: string): Promise<string> {
  const tsc = await runTsc(project, ['--noEmit', 'false', '--outDir', path.join(project, outDir)]);
  expect(tsc.stdout + tsc.stderr).toBe('');
  const emitted = (fs.readdirSync(path.join(project, outDir), { recursive: true }) as string[]).find((file) => file.endsWith(`src${path.sep}engagement.js`));
  expect(emitted).toBeDefined();
  return path.join(project, outDir, emitted ?? '');
}
