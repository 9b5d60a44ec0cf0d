import { describe } from '../fallback/emptyValues.js';
import { inBatchOf } from './batchRequests.js';
import { degradedKeysOf, markDegraded } from './degradedKeys.js';
import type { ClearableLoader } from './ClearableLoader.js';
import { clearDegradedKeys } from './evictDegradedKeys.js';

/**
 * Puts a loader that answers a `Map` (say `@fieldDependency(Map, …) shopping(ids)`) behind a DataLoader:
 * the batch function it returns calls `load(keys)` and answers one value per key, in the keys' order,
 * `null` for a key the Map does not hold, as DataLoader needs.
 *
 * The Map loader stays the one field dependency (the adapter counts nothing, so nothing is counted
 * twice), and `check` counts `batchFromMap(wrapped)` as wrapped. When the Map was a fallback, the aligned
 * result is marked degraded like it, and, called by a DataLoader, the adapter clears those keys from the
 * loader's cache, so a long-lived DataLoader asks again once the upstream recovers; a DataLoader shared
 * by requests has the batch's degradations recorded in every request whose keys are in it.
 *
 * @example
 * const shopping = new DataLoader(batchFromMap((ids: readonly string[]) => pinFields.shopping(ids)));
 * @throws TypeError (as the batch's rejection) when `load` answers something other than a Map.
 */
export function batchFromMap<K, V>(
  load: (keys: readonly K[]) => PromiseLike<ReadonlyMap<K, V>> | ReadonlyMap<K, V>,
): (this: ClearableLoader<K> | void, keys: readonly K[]) => Promise<(V | null)[]> {
  return async function batchFromMap(this: ClearableLoader<K> | void, keys: readonly K[]): Promise<(V | null)[]> {
    const found: unknown = await inBatchOf(this, keys, () => load(keys));
    if (!(found instanceof Map)) {
      throw new TypeError(`batchFromMap: the loader must answer a Map of the keys to their values; it answered ${describe(found)}`);
    }
    const byKey = found as ReadonlyMap<K, V>;
    const values = keys.map((key) => (byKey.has(key) ? (byKey.get(key) as V) : null));
    // A Map is degraded as a whole (a fallback), never per key.
    if (degradedKeysOf(byKey) !== undefined) {
      markDegraded(values, 'all');
      const loader = this as Partial<ClearableLoader<K>> | undefined;
      if (typeof loader?.clear === 'function') clearDegradedKeys(loader as ClearableLoader<K>, keys, values);
    }
    return values;
  };
}
