import DataLoader from 'dataloader';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { degradationScope, degradedKeysOf, evictDegradedKeys, fieldDependency, fieldDependencyOf, isFieldDependencyError } from 'field-dependency';
import { resetFieldDependencies, useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

beforeEach(() => {
  useFreshMetricsRegistry();
});

interface Comment {
  readonly id: string;
  readonly text: string;
}

/**
 * A scripted upstream: records every batch it is asked for; `down` makes the whole batch reject,
 * `missing` makes those keys come back as per-key `Error`s.
 */
function upstream() {
  const state = {
    batches: [] as string[][],
    down: false,
    missing: new Set<string>(),
  };
  async function fetchComments(ids: readonly string[]): Promise<(Comment | Error | null)[]> {
    state.batches.push([...ids]);
    if (state.down) throw new Error('comments service is down');
    return ids.map((id) => (state.missing.has(id) ? new Error(`no comment ${id}`) : { id, text: `text of ${id}` }));
  }
  return { state, fetchComments };
}

describe('a wrapped function as a DataLoader batch function', () => {
  test('several loads are batched into one call, and `this` is the DataLoader', async () => {
    const { state, fetchComments } = upstream();
    const seenThis: unknown[] = [];
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-batching' })(async function (
      this: unknown,
      ids: readonly string[],
    ): Promise<(Comment | Error | null)[]> {
      seenThis.push(this);
      return fetchComments(ids);
    });
    const loader = new DataLoader<string, Comment | null>(batch);

    const values = await Promise.all([loader.load('a'), loader.load('b'), loader.load('c')]);
    expect(values).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
      { id: 'c', text: 'text of c' },
    ]);
    expect(state.batches).toEqual([['a', 'b', 'c']]);
    expect(seenThis).toEqual([loader]);
    expect(seenThis[0]).toBe(loader);
  });

  test('loadMany and healthy keys stay cached: the upstream is not asked again for them', async () => {
    const { state, fetchComments } = upstream();
    const loader = new DataLoader<string, Comment | null>(fieldDependency([null], { owner: 'comments', name: 'dl-cached' })(fetchComments));
    expect(await loader.loadMany(['a', 'b'])).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
    ]);
    expect(await loader.load('a')).toEqual({ id: 'a', text: 'text of a' });
    expect(await loader.loadMany(['b', 'a'])).toHaveLength(2);
    expect(state.batches).toEqual([['a', 'b']]);
  });

  test('a degraded key is not kept in the cache: after the upstream recovers, the next load returns real data', async () => {
    const { state, fetchComments } = upstream();
    const loader = new DataLoader<string, Comment | null>(fieldDependency([null], { owner: 'comments', name: 'dl-direct-recovery' })(fetchComments));

    state.down = true;
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual([null, null]);
    state.down = false;
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
    ]);
    // Now they are real data, and cached.
    expect(await loader.load('a')).toEqual({ id: 'a', text: 'text of a' });
    expect(state.batches).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  test('a key refused by an open breaker is not kept in the cache either', async () => {
    const { state, fetchComments } = upstream();
    const batch = fieldDependency([null], {
      owner: 'comments',
      name: 'dl-breaker-open-eviction',
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeout: 60_000 },
    })(fetchComments);
    const loader = new DataLoader<string, Comment | null>(batch);

    state.down = true;
    expect(await loader.load('a')).toBeNull(); // counted failure: the breaker opens
    expect(await loader.load('b')).toBeNull(); // refused by the open breaker, without a call
    expect(state.batches).toEqual([['a']]);
    state.down = false;
    resetFieldDependencies();
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
    ]);
    expect(state.batches).toEqual([['a'], ['a', 'b']]);
  });

  test('with [Object], each degraded key gets its own fresh empty object, and is not cached', async () => {
    let down = true;
    let calls = 0;
    const batch = fieldDependency([Object], { owner: 'boards', name: 'dl-object' })(
      async (ids: readonly string[]): Promise<{ name?: string }[]> => {
        calls++;
        if (down) throw new Error('down');
        return ids.map((id) => ({ name: `board ${id}` }));
      },
    );
    const loader = new DataLoader<string, { name?: string }>(batch);
    const [a, b] = await Promise.all([loader.load('a'), loader.load('b')]);
    expect(a).toEqual({});
    expect(b).toEqual({});
    expect(a).not.toBe(b);
    down = false;
    expect(await loader.load('a')).toEqual({ name: 'board a' });
    expect(calls).toBe(2);
  });

  test('a partial failure evicts only the failed keys', async () => {
    const { state, fetchComments } = upstream();
    const loader = new DataLoader<string, Comment | null>(fieldDependency([null], { owner: 'comments', name: 'dl-direct-partial' })(fetchComments));

    state.missing = new Set(['b']);
    expect(await loader.loadMany(['a', 'b', 'c'])).toEqual([{ id: 'a', text: 'text of a' }, null, { id: 'c', text: 'text of c' }]);
    state.missing.clear();
    expect(await loader.loadMany(['a', 'b', 'c'])).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
      { id: 'c', text: 'text of c' },
    ]);
    expect(state.batches).toEqual([['a', 'b', 'c'], ['b']]);
  });

  test('an invalid result (wrong length) degrades every key of the batch, and none is cached', async () => {
    let calls = 0;
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-invalid' })(async (ids: readonly string[]): Promise<(string | null)[]> => {
      calls++;
      return calls === 1 ? ids.slice(1).map((id) => `c:${id}`) : ids.map((id) => `c:${id}`);
    });
    const loader = new DataLoader<string, string | null>(batch);
    expect(await loader.loadMany(['a', 'b'])).toEqual([null, null]);
    expect(await loader.loadMany(['a', 'b'])).toEqual(['c:a', 'c:b']);
    expect(calls).toBe(2);
  });

  test('a DataLoader with its own cache key function clears by the key it was given', async () => {
    const { state, fetchComments } = upstream();
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-cache-key' })(
      async (keys: readonly { id: string }[]): Promise<(Comment | Error | null)[]> => fetchComments(keys.map((key) => key.id)),
    );
    const loader = new DataLoader<{ id: string }, Comment | null, string>(batch, { cacheKeyFn: (key) => key.id });
    state.down = true;
    expect(await loader.load({ id: 'a' })).toBeNull();
    state.down = false;
    expect(await loader.load({ id: 'a' })).toEqual({ id: 'a', text: 'text of a' });
    expect(await loader.load({ id: 'a' })).toEqual({ id: 'a', text: 'text of a' });
    expect(state.batches).toEqual([['a'], ['a']]);
  });
});

describe('evictDegradedKeys, for batch functions that call a wrapped method indirectly', () => {
  class CommentFields {
    readonly comments: (ids: readonly string[]) => Promise<(Comment | Error | null)[]>;
    constructor(name: string, fetchComments: (ids: readonly string[]) => Promise<(Comment | Error | null)[]>) {
      this.comments = fieldDependency([null], { owner: 'comments', name })(fetchComments);
    }
  }

  test('a degraded key is not kept in the cache after the upstream recovers', async () => {
    const { state, fetchComments } = upstream();
    const instance = new CommentFields('dl-evict-recovery', fetchComments);
    const loader = new DataLoader<string, Comment | null>(evictDegradedKeys((ids: readonly string[]) => instance.comments(ids)));

    state.down = true;
    expect(await loader.load('a')).toBeNull();
    state.down = false;
    expect(await loader.load('a')).toEqual({ id: 'a', text: 'text of a' });
    expect(await loader.load('a')).toEqual({ id: 'a', text: 'text of a' });
    expect(state.batches).toEqual([['a'], ['a']]);
  });

  test('without evictDegradedKeys the indirect shape would keep serving the empty value (why it exists)', async () => {
    const { state, fetchComments } = upstream();
    const instance = new CommentFields('dl-evict-control', fetchComments);
    const loader = new DataLoader<string, Comment | null>((ids: readonly string[]) => instance.comments(ids));

    state.down = true;
    expect(await loader.load('a')).toBeNull();
    state.down = false;
    expect(await loader.load('a')).toBeNull();
    expect(state.batches).toEqual([['a']]);
  });

  test('partial failures evict only the failed keys; healthy keys stay cached', async () => {
    const { state, fetchComments } = upstream();
    const instance = new CommentFields('dl-evict-partial', fetchComments);
    const loader = new DataLoader<string, Comment | null>(evictDegradedKeys((ids: readonly string[]) => instance.comments(ids)));

    state.missing = new Set(['a', 'c']);
    expect(await loader.loadMany(['a', 'b', 'c'])).toEqual([null, { id: 'b', text: 'text of b' }, null]);
    state.missing.clear();
    expect(await loader.loadMany(['a', 'b', 'c'])).toEqual([
      { id: 'a', text: 'text of a' },
      { id: 'b', text: 'text of b' },
      { id: 'c', text: 'text of c' },
    ]);
    expect(state.batches).toEqual([
      ['a', 'b', 'c'],
      ['a', 'c'],
    ]);
  });

  test('called without a DataLoader as `this`, it just returns the values', async () => {
    const { fetchComments } = upstream();
    const instance = new CommentFields('dl-evict-no-this', fetchComments);
    const evicting = evictDegradedKeys((ids: readonly string[]) => instance.comments(ids));
    expect(await evicting.call(undefined as never, ['a'])).toEqual([{ id: 'a', text: 'text of a' }]);
  });

  test('a rejection from the inner batch function propagates, so DataLoader does not cache it either', async () => {
    const evicting = evictDegradedKeys(async (): Promise<string[]> => {
      throw new Error('not a field dependency');
    });
    const loader = new DataLoader<string, string>(evicting);
    await expect(loader.load('a')).rejects.toThrow('not a field dependency');
  });
});

describe('degradedKeysOf', () => {
  test("a whole fallback is 'all', a partial batch lists the failed indexes, real data is undefined", async () => {
    let mode: 'ok' | 'down' | 'partial' | 'invalid' = 'ok';
    const load = fieldDependency([null], { owner: 'comments', name: 'dl-degraded-keys' })(
      async (ids: readonly string[]): Promise<(string | Error | null)[]> => {
        if (mode === 'down') throw new Error('down');
        if (mode === 'invalid') return [];
        return ids.map((id, index) => (mode === 'partial' && index % 2 === 1 ? new Error(`no ${id}`) : `c:${id}`));
      },
    );

    const ok = await load(['a', 'b']);
    expect(ok).toEqual(['c:a', 'c:b']);
    expect(degradedKeysOf(ok)).toBeUndefined();

    mode = 'down';
    const down = await load(['a', 'b']);
    expect(down).toEqual([null, null]);
    expect(degradedKeysOf(down)).toBe('all');

    mode = 'invalid';
    expect(degradedKeysOf(await load(['a']))).toBe('all');

    mode = 'partial';
    const partial = await load(['a', 'b', 'c', 'd']);
    expect(partial).toEqual(['c:a', null, 'c:c', null]);
    expect(degradedKeysOf(partial)).toEqual([1, 3]);
  });

  test('whole-result fallbacks of other types are marked too; values that cannot be marked answer undefined', async () => {
    const map = fieldDependency(Map, { owner: 'shopping', name: 'dl-degraded-map' })(async (): Promise<Map<string, number>> => {
      throw new Error('down');
    });
    expect(degradedKeysOf(await map())).toBe('all');
    expect(degradedKeysOf(new Map())).toBeUndefined();
    expect(degradedKeysOf(undefined)).toBeUndefined();
    expect(degradedKeysOf(null)).toBeUndefined();
    expect(degradedKeysOf('')).toBeUndefined();
    expect(degradedKeysOf(0)).toBeUndefined();
  });
});

/** A sync (or sometimes sync) batch function as plain JavaScript hands it to DataLoader, whose types want a promise. */
const asBatchFunction = (batch: (ids: readonly string[]) => unknown) => batch as (ids: readonly string[]) => Promise<(string | null)[]>;

describe('called by a DataLoader, the wrapper always answers a promise (DataLoader rejects every load otherwise)', () => {
  test('a batch function that throws synchronously: every load resolves with the empty value', async () => {
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-sync-throw', breaker: false })((ids: readonly string[]): (string | null)[] => {
      throw new Error(`comments down for ${ids.join()}`);
    });
    const loader = new DataLoader<string, string | null>(asBatchFunction(batch), { cache: false });

    await expect(Promise.all([loader.load('a'), loader.load('b')])).resolves.toEqual([null, null]);
  });

  test('a batch function that answers synchronously once: later loads keep working', async () => {
    let calls = 0;
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-sync-once', breaker: false })((ids: readonly string[]): (string | null)[] | Promise<(string | null)[]> => {
      calls++;
      return calls === 1 ? ids.map((id) => `sync ${id}`) : Promise.resolve(ids.map((id) => `async ${id}`));
    });
    const loader = new DataLoader<string, string | null>(asBatchFunction(batch), { cache: false });

    await expect(loader.load('a')).resolves.toBe('sync a');
    await expect(loader.load('b')).resolves.toBe('async b');
  });

  test('while the breaker is open after synchronous failures, every load still resolves with the empty value', async () => {
    const batch = fieldDependency([null], {
      owner: 'comments',
      name: 'dl-sync-breaker',
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeout: 60_000 },
    })((ids: readonly string[]): (string | null)[] => {
      throw new Error(`comments down for ${ids.join()}`);
    });
    const loader = new DataLoader<string, string | null>(asBatchFunction(batch), { cache: false });

    for (let round = 0; round < 3; round++) await expect(loader.load(`k${round}`)).resolves.toBeNull();
    expect(fieldDependencyOf(batch)).toBeDefined();
  });

  test('a critical batch function that throws synchronously: loads reject with FieldDependencyError, not DataLoader’s TypeError', async () => {
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-sync-critical', critical: true })((ids: readonly string[]): (string | null)[] => {
      throw new Error(`comments down for ${ids.join()}`);
    });
    const loader = new DataLoader<string, string | null>(asBatchFunction(batch), { cache: false });

    const error = await loader.load('a').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isFieldDependencyError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'dl-sync-critical', reason: 'error' });
  });

  test('called directly (not by a DataLoader), a sync loader stays sync', () => {
    const batch = fieldDependency([null], { owner: 'comments', name: 'dl-sync-direct', breaker: false })((ids: readonly string[]): (string | null)[] => {
      throw new Error(`comments down for ${ids.join()}`);
    });
    expect(batch(['a'])).toEqual([null]);
  });
});

describe('one DataLoader per request (a shared one: sharedDataLoader.test.ts)', () => {
  const sharedWarnings = (warn: { mock: { calls: unknown[][] } }) =>
    warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_SHARED_DATALOADER');

  test('a DataLoader created per request raises none', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const batch = fieldDependency([null], { owner: 'comments', name: 'dl-per-request', breaker: false })(
        async (ids: readonly string[]): Promise<(string | null)[]> => ids.map((id) => `comment ${id}`),
      );
      for (const request of ['first', 'second', 'third']) {
        await degradationScope(() => new DataLoader<string, string | null>(batch).load(request), { endpoint: '/v3/pins/:id' });
      }
      expect(sharedWarnings(warn)).toHaveLength(0);
    } finally {
      warn.mockRestore();
    }
  });
});
