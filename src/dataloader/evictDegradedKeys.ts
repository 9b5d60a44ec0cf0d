import { inBatchOf } from './batchRequests.js';
import { degradedKeysOf } from './degradedKeys.js';
import { forgetKeys } from './forgetKeys.js';
import type { ClearableLoader } from './ClearableLoader.js';

/**
 * Clears from `loader`'s cache the keys whose values in `values` were degraded, so the next `load`
 * asks the upstream again instead of serving the empty value until the loader is dropped.
 */
export function clearDegradedKeys<K>(loader: ClearableLoader<K>, keys: readonly K[], values: unknown): void {
  const degraded = degradedKeysOf(values);
  if (degraded !== undefined) forgetKeys(loader, keys, degraded);
}

/**
 * Wraps a DataLoader batch function so that keys a field dependency degraded are not kept in the
 * loader's cache. Needed when the batch function calls a wrapped loader indirectly
 * (`new DataLoader(evictDegradedKeys((ids) => this.fields.comments(ids)))`); a wrapped function passed
 * straight to `new DataLoader(batch)` does this by itself. Like it, a DataLoader shared by requests
 * has the batch's degradations recorded in every request whose keys are in it.
 */
export function evictDegradedKeys<K, V>(
  batch: (keys: readonly K[]) => PromiseLike<ArrayLike<V | Error>>,
): (this: ClearableLoader<K>, keys: readonly K[]) => Promise<ArrayLike<V | Error>> {
  return async function evicting(this: ClearableLoader<K>, keys: readonly K[]) {
    const values = await inBatchOf(this, keys, () => batch(keys));
    if (this !== undefined && this !== null && typeof this.clear === 'function') clearDegradedKeys(this, keys, values);
    return values;
  };
}
