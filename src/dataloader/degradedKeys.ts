/** Which keys of a batch result got an empty value: their indexes, or `'all'`. */
export type DegradedKeys = readonly number[] | 'all';

const marks = new WeakMap<object, DegradedKeys>();

/** Remembers that `value` (a fallback or a patched batch result) holds empty values at `keys` (internal). */
export function markDegraded(value: unknown, keys: DegradedKeys): void {
  if (typeof value === 'object' && value !== null) marks.set(value, keys);
}

/**
 * Which keys of `value` were filled with an empty value by a field dependency, if any:
 * `'all'` for a whole fallback, the indexes for a partial batch, `undefined` for real data.
 * Use it to keep degraded values out of a cache.
 */
export function degradedKeysOf(value: unknown): DegradedKeys | undefined {
  return typeof value === 'object' && value !== null ? marks.get(value) : undefined;
}
