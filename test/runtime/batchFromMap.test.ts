import DataLoader from 'dataloader';
import { beforeEach, describe, expect, test } from 'vitest';
import { batchFromMap, degradedKeysOf, fieldDependency } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry = useFreshMetricsRegistry();
beforeEach(() => {
  registry = useFreshMetricsRegistry();
});

/** `field_dependency_calls_total` of one field, by outcome. */
async function callsOf(field: string): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_calls_total');
  const out: Record<string, number> = {};
  for (const { labels, value } of metric?.values ?? []) if (labels.field === field && value > 0) out[String(labels.outcome)] = value;
  return out;
}

interface Shopping {
  readonly price: number;
}

/** A Map loader behind a switchable upstream, wrapped as the README's headline loaders are. */
function shoppingLoader(name: string) {
  const state = { down: false, batches: [] as string[][] };
  const shopping = fieldDependency(Map, { owner: 'shopping', name })(async (ids: readonly string[]): Promise<Map<string, Shopping>> => {
    state.batches.push([...ids]);
    if (state.down) throw new Error('shopping service is down');
    return new Map(ids.filter((id) => id !== 'gone').map((id) => [id, { price: id.length }]));
  });
  return { state, shopping };
}

describe('batchFromMap: a Map loader behind a real DataLoader', () => {
  test('answers one value per key in the keys order, null for a key the Map lacks, in one batch', async () => {
    const { state, shopping } = shoppingLoader('map-aligned');
    const loader = new DataLoader(batchFromMap(shopping));

    const values = await Promise.all([loader.load('b'), loader.load('gone'), loader.load('aaa')]);

    expect(values).toEqual([{ price: 1 }, null, { price: 3 }]);
    expect(state.batches).toEqual([['b', 'gone', 'aaa']]);
  });

  test('upstream down: every key gets null (no rejection), counted once on the Map loader, and the keys leave a long-lived cache', async () => {
    const { state, shopping } = shoppingLoader('map-eviction');
    const loader = new DataLoader(batchFromMap(shopping), { cacheMap: new Map() });
    state.down = true;

    expect(await loader.loadMany(['a', 'b'])).toEqual([null, null]);
    expect(await callsOf('map-eviction')).toEqual({ degraded: 1 });

    state.down = false;
    expect(await loader.loadMany(['a', 'b'])).toEqual([{ price: 1 }, { price: 1 }]);
    expect(state.batches).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    // Healthy values stay cached.
    expect(await loader.load('a')).toEqual({ price: 1 });
    expect(state.batches).toHaveLength(2);
  });

  test('keeps the degraded marker on the aligned result, and none on real data', async () => {
    const { state, shopping } = shoppingLoader('map-marker');
    const batch = batchFromMap(shopping);
    expect(degradedKeysOf(await batch(['a']))).toBeUndefined();
    state.down = true;
    expect(degradedKeysOf(await batch(['a', 'b']))).toBe('all');
  });

  test('a loader that answers something else than a Map rejects every key with a message naming what it answered', async () => {
    const loader = new DataLoader(batchFromMap(async (ids: readonly string[]) => ids as unknown as Map<string, number>));
    await expect(loader.load('a')).rejects.toThrow('batchFromMap: the loader must answer a Map of the keys to their values; it answered an array of 1');
  });

  test('a critical Map loader that fails rejects every key with its error', async () => {
    const failing = fieldDependency(Map, { owner: 'shopping', name: 'map-critical', critical: true })(
      async (_ids: readonly string[]): Promise<Map<string, Shopping>> => {
        throw new Error('down');
      },
    );
    const loader = new DataLoader(batchFromMap(failing));
    await expect(loader.load('a')).rejects.toMatchObject({ code: expect.any(String), field: 'map-critical' });
  });
});
