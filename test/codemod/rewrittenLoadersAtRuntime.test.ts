/**
 * The codemod's output on the real-shaped `loose-project` fixture (strict: false, experimentalDecorators),
 * compiled by the real tsc and run through the real DataLoader while the database fails: read loaders answer
 * their empty value per key (null for a record, [] for a list; no rejection), writes and permission checks still
 * fail (kept critical), and the process-wide service's cached DataLoader asks again once the database recovers
 * (evictDegradedKeys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type DataLoader from 'dataloader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFieldDependencyError } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { PROCESS_TEST_TIMEOUT } from '../enforcement/support/paths.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { CODEMOD_FIXTURES, copyFixtureProject, removeAll } from './support/codemodFixtures.js';
import { runTsc } from './support/runTsc.js';

noUnhandledRejections();

interface User {
  readonly id: string;
  readonly name: string;
}
type Loader<K, V> = () => DataLoader<K, V>;
interface Compiled {
  readonly db: { readonly upstream: { failing: boolean; queries: number } };
  readonly loaders: {
    createLoaders(): {
      byUserId: Loader<string, User | null>;
      postsByAuthor: Loader<string, unknown>;
      byName: Loader<string, User | null>;
      saveUsers: DataLoader<User, User>;
      canAdmin: DataLoader<string, boolean>;
    };
    createAdminLoaders(): { byUserId: Loader<string, User | null> };
  };
  readonly pins: { readonly pinService: { pinner(id: string): Promise<User | null> } };
}

describe('the rewritten loose-project at runtime, through a real DataLoader', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const created: string[] = [];
  let compiled: Compiled;

  beforeAll(async () => {
    useFreshMetricsRegistry();
    const project = copyFixtureProject(path.join(CODEMOD_FIXTURES, 'loose-project', 'input'), created);
    const codemod = await runCliInProcess(['codemod', '--write', '--owners', 'CODEOWNERS'], project);
    expect(codemod.status).toBe(0);
    const tsc = await runTsc(project, ['--noEmit', 'false', '--outDir', path.join(project, 'dist')]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    // The project maps `field-dependency` to this repository's source, so tsc emits under their common root.
    const emitted = (fs.readdirSync(path.join(project, 'dist'), { recursive: true }) as string[]).find((file) => file.endsWith(`src${path.sep}db.js`));
    expect(emitted).toBeDefined();
    const outSrc = path.join(project, 'dist', path.dirname(emitted ?? ''));
    const load = async (file: string): Promise<unknown> => import(pathToFileURL(path.join(outSrc, file)).href);
    compiled = {
      db: (await load('db.js')) as Compiled['db'],
      loaders: (await load('loaders.js')) as Compiled['loaders'],
      pins: (await load('pins/PinService.js')) as Compiled['pins'],
    };
  }, PROCESS_TEST_TIMEOUT);
  afterAll(() => removeAll(created));

  it('answers real data while the database is up', async () => {
    compiled.db.upstream.failing = false;
    const loaders = compiled.loaders.createLoaders();
    expect(await loaders.byUserId().load('u1')).toEqual({ id: 'u1', name: 'Ada' });
    expect(await loaders.postsByAuthor().load('u1')).toEqual([{ id: 'p1', authorId: 'u1', title: 'Hello' }]);
    expect(await loaders.canAdmin.load('u1')).toBe(true);
  });

  it('database down: every read loader answers null per key, none rejects (non-async, PromiseLike, factories)', async () => {
    compiled.db.upstream.failing = true;
    const loaders = compiled.loaders.createLoaders();
    expect(await loaders.byUserId().loadMany(['u1', 'u2'])).toEqual([null, null]);
    expect(await loaders.postsByAuthor().load('u1')).toEqual([]);
    expect(await loaders.byName().load('Ada')).toBeNull();
    expect(await compiled.loaders.createAdminLoaders().byUserId().load('u1')).toBeNull();
  });

  it('database down: a write and a permission check still fail, as FieldDependencyError (kept critical)', async () => {
    compiled.db.upstream.failing = true;
    const loaders = compiled.loaders.createLoaders();
    const write = await loaders.saveUsers.load({ id: 'u1', name: 'Ada L.' }).catch((error: unknown) => error);
    const check = await loaders.canAdmin.load('u1').catch((error: unknown) => error);
    expect(isFieldDependencyError(write)).toBe(true);
    expect(isFieldDependencyError(check)).toBe(true);
    expect(check).toMatchObject({ field: 'canAdmin', owner: 'platform' });
  });

  it('the singleton service with a cacheMap does not keep the degraded value once the database recovers', async () => {
    compiled.db.upstream.failing = true;
    expect(await compiled.pins.pinService.pinner('u2')).toBeNull();
    compiled.db.upstream.failing = false;
    const before = compiled.db.upstream.queries;
    expect(await compiled.pins.pinService.pinner('u2')).toEqual({ id: 'u2', name: 'Grace' });
    expect(compiled.db.upstream.queries).toBe(before + 1);
    // Real data stays cached.
    expect(await compiled.pins.pinService.pinner('u2')).toEqual({ id: 'u2', name: 'Grace' });
    expect(compiled.db.upstream.queries).toBe(before + 1);
  });
});
