/** The keys of every measured call: one DataLoader-sized batch of 10. */
export const KEYS: readonly number[] = Object.freeze(Array.from({ length: 10 }, (_, index) => index));

/**
 * The loader every peer wraps: a batch function that resolves at once, so what is measured is the
 * wrapper's own cost, not I/O. One value per key, in order (the DataLoader contract).
 */
export async function batchLoader(keys: readonly number[]): Promise<number[]> {
  return keys.map((key) => key * 2);
}

/** A fresh fallback for `keys`: one `0` per key, what `[Number]` falls back to. */
export function emptyBatch(keys: readonly unknown[]): number[] {
  return keys.map(() => 0);
}
