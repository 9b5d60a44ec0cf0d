/**
 * The `p`-th percentile (0 to 100) of `values` by the nearest-rank method; `undefined` when there are
 * none. `values` need not be sorted.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
