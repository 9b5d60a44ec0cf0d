import type { DegradedKeys } from './degradedKeys.js';
import type { ClearableLoader } from './ClearableLoader.js';

/** Clears `keys` (all of them, or those at the `degraded` indexes) from `loader`'s cache. */
export function forgetKeys<K>(loader: ClearableLoader<K>, keys: readonly K[], degraded: DegradedKeys): void {
  if (degraded === 'all') for (const key of keys) loader.clear(key);
  else for (const index of degraded) loader.clear(keys[index] as K);
}
