/**
 * docs/declaring.md, "Names and identity": a dependency is its field and owner; each definition site gets its own
 * identity, named after the variable, property or method the loader is assigned to; the same factory
 * called again (per request) is the same dependency; a true clash between two sites is a warning naming
 * both sites and the `name` option, and never a shared breaker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import DataLoader from 'dataloader';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fd from 'field-dependency';
import { fieldDependency, fieldDependencyOf } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry: Registry;
beforeEach(() => {
  registry = useFreshMetricsRegistry();
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface User {
  readonly id: string;
}

/** The upstreams of a platform team: `users` can be taken down; `boards` is always healthy. */
const upstream = { usersDown: false, userCalls: 0, boardCalls: 0 };

/**
 * Real-looking code: a per-request factory of DataLoaders in an object literal, each batch function an
 * anonymous arrow wrapped inline, one owner for all of them (a platform team's 68 loaders, in small).
 */
function createLoaders() {
  return {
    byUserId: new DataLoader(
      fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]): Promise<(User | null)[]> => {
        upstream.userCalls++;
        if (upstream.usersDown) throw new Error('users service is down');
        return ids.map((id) => ({ id }));
      }),
      { cache: false },
    ),
    byBoardId: new DataLoader(
      fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]): Promise<(User | null)[]> => {
        upstream.boardCalls++;
        return ids.map((id) => ({ id: `board ${id}` }));
      }),
      { cache: false },
    ),
  };
}

/** The same, as batch functions one can inspect. */
const platformLoaders = () => ({
  usersBatch: fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => null)),
  boardsBatch: fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => null)),
});

export const batchBoards = fieldDependency([Object], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => ({})));

class Loaders {
  readonly comments;
  constructor() {
    this.comments = fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => null));
  }
}

async function callsOf(field: string): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_calls_total');
  const out: Record<string, number> = {};
  for (const { labels, value } of metric?.values ?? []) if (labels.field === field && value > 0) out[String(labels.outcome)] = value;
  return out;
}

describe('a loader is named after what it is assigned to', () => {
  it('anonymous batch functions in an object literal get their property names, not the owner', () => {
    const loaders = platformLoaders();
    expect(fieldDependencyOf(loaders.usersBatch)?.field).toBe('usersBatch');
    expect(fieldDependencyOf(loaders.boardsBatch)?.field).toBe('boardsBatch');
  });

  it('an exported const and a property set in a constructor get their names', () => {
    expect(fieldDependencyOf(batchBoards)?.field).toBe('batchBoards');
    expect(fieldDependencyOf(new Loaders().comments)?.field).toBe('comments');
  });

  it('one-line DataLoader factories (as in docs/declaring.md) and a namespace import get their property names', () => {
    const loaders = {
      byTeamId: new DataLoader(fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => null))),
      viaNamespace: fd.fieldDependency([null], { owner: 'platform' })(async (ids: readonly string[]) => ids.map(() => null)),
    };
    expect(fieldDependencyOf((loaders.byTeamId as unknown as { _batchLoadFn: unknown })._batchLoadFn)?.field).toBe('byTeamId');
    expect(fieldDependencyOf(loaders.viaNamespace)?.field).toBe('viaNamespace');
  });

  it('code compiled to CommonJS by tsc, babel or esbuild, run without source maps: `(0, ns.fieldDependency)(…)` still gets the property names', () => {
    // What `tsc --module commonjs` (and babel, and esbuild's cjs format) write for an imported call: the
    // file on disk is the compiled JavaScript, and the engine's position points after `(0, ns.fieldDependency)`.
    const directory = mkdtempSync(join(tmpdir(), 'identity-cjs-'));
    try {
      const file = join(directory, 'loaders.js');
      writeFileSync(
        file,
        [
          '"use strict";',
          'module.exports = (field_dependency_1, dataloader_1, _fieldDependency, import_field_dependency) => ({',
          "    byUserId: new dataloader_1.default((0, field_dependency_1.fieldDependency)([null], { owner: 'compiled-platform' })((ids) => Promise.resolve(ids.map(() => null)))),",
          "    ordersByUserId: new dataloader_1.default((0, field_dependency_1.fieldDependency)([Array], { owner: 'compiled-platform', timeoutMs: 50 })((ids) => Promise.resolve(ids.map(() => [])))),",
          "    viaBabel: (0, _fieldDependency.fieldDependency)([null], { owner: 'compiled-platform' })((ids) => Promise.resolve(ids.map(() => null))),",
          "    viaEsbuild: (0, import_field_dependency.fieldDependency)([null], { owner: 'compiled-platform' })((ids) => Promise.resolve(ids.map(() => null))),",
          '});',
          '',
        ].join('\n'),
      );
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const factory = createRequire(import.meta.url)(file) as (...modules: unknown[]) => Record<string, unknown>;
      const loaders = factory(fd, { default: DataLoader }, fd, fd);
      const batchOf = (loader: unknown) => (loader as { _batchLoadFn: unknown })._batchLoadFn;
      expect(fieldDependencyOf(batchOf(loaders.byUserId))?.field).toBe('byUserId');
      expect(fieldDependencyOf(batchOf(loaders.ordersByUserId))?.field).toBe('ordersByUserId');
      expect(fieldDependencyOf(loaders.viaBabel)?.field).toBe('viaBabel');
      expect(fieldDependencyOf(loaders.viaEsbuild)?.field).toBe('viaEsbuild');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a named function keeps its own name; an explicit `name` wins over both', () => {
    const named = fieldDependency([null], { owner: 'platform' })(async function loadPins(ids: readonly string[]) {
      return ids.map(() => null);
    });
    const explicit = fieldDependency([null], { owner: 'platform', name: 'pins_v2' })(async (ids: readonly string[]) => ids.map(() => null));
    expect(fieldDependencyOf(named)?.field).toBe('loadPins');
    expect(fieldDependencyOf(explicit)?.field).toBe('pins_v2');
  });
});

describe('one dependency per definition site', () => {
  it('a failing loader opens only its own breaker: a healthy loader of the same owner keeps calling its upstream', async () => {
    upstream.usersDown = true;
    const warn = vi.spyOn(process, 'emitWarning');
    // 30 requests, each with its own DataLoaders (the factory runs per request).
    for (let request = 0; request < 30; request++) {
      const loaders = createLoaders();
      await expect(loaders.byUserId.load(`u${request}`)).resolves.toBeNull();
    }
    const callsBefore = upstream.boardCalls;
    const loaders = createLoaders();

    await expect(loaders.byBoardId.load('b1')).resolves.toEqual({ id: 'board b1' });

    expect(upstream.boardCalls).toBe(callsBefore + 1);
    expect(await callsOf('byUserId')).toEqual({ degraded: 30 });
    expect(await callsOf('byBoardId')).toEqual({ success: 1 });
    expect(await callsOf('platform')).toEqual({});
    // The same factory running per request is the same dependency, not a clash.
    expect(warn).not.toHaveBeenCalled();
    upstream.usersDown = false;
  });

  it('the same factory called again gives the same dependency (one set of counters)', async () => {
    const first = platformLoaders();
    const second = platformLoaders();
    expect(fieldDependencyOf(second.usersBatch)).toEqual(fieldDependencyOf(first.usersBatch));
    await first.usersBatch(['a']);
    await second.usersBatch(['b']);
    expect(await callsOf('usersBatch')).toEqual({ success: 2 });
  });
});

describe('a true clash: two definition sites that would get the same field and owner', () => {
  function clashing() {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fromFirstSite = (() => {
      const batch = async (ids: readonly string[]): Promise<(string | null)[]> => ids.map(() => 'first');
      return fieldDependency([null], { owner: 'clash' })(batch);
    })();
    const fromSecondSite = (() => {
      const batch = async (ids: readonly string[]): Promise<(string | null)[]> => ids.map(() => 'second');
      return fieldDependency([null], { owner: 'clash' })(batch);
    })();
    return { warn, fromFirstSite, fromSecondSite };
  }

  it('warns once at declaration, naming both sites and the `name` option', () => {
    const { warn } = clashing();
    const ours = warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_NAME_CLASH');
    expect(ours).toHaveLength(1);
    const message = String(ours[0]?.[0]);
    expect(message).toMatch(/field 'batch' \(owner 'clash'\) is declared at two places: .*identity\.test\.ts:\d+:\d+ and .*identity\.test\.ts:\d+:\d+/);
    expect(message).toContain('`name`');
  });

  it('gives each site its own dependency: the second is named after its file and line', () => {
    const { fromFirstSite, fromSecondSite } = clashing();
    expect(fieldDependencyOf(fromFirstSite)?.field).toBe('batch');
    expect(fieldDependencyOf(fromSecondSite)?.field).toMatch(/^batch@identity\.test\.ts:\d+$/);
  });

  it('two sites that deliberately give the same explicit `name` share one dependency (no warning when the options agree)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const a = fieldDependency([null], { owner: 'clash', name: 'shared_on_purpose' })(async (ids: readonly string[]) => ids.map(() => null));
    const b = fieldDependency([null], { owner: 'clash', name: 'shared_on_purpose' })(async (ids: readonly string[]) => ids.map(() => null));
    expect(fieldDependencyOf(a)).toEqual(fieldDependencyOf(b));
    expect(warn).not.toHaveBeenCalled();
  });
});
