/** Mean and percentiles of a set of samples, in the samples' unit. */
export interface SampleStats {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

/** Summarizes `samples` (any order); percentiles are linearly interpolated. */
export function sampleStats(samples: readonly number[]): SampleStats {
  if (samples.length === 0) throw new RangeError('sampleStats: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, sample) => total + sample, 0);
  return { mean: sum / sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length };
}

function percentile(sorted: readonly number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/**
 * The median over rounds of `a[round] - b[round]`: how much more `a` costs than `b`, each round
 * compared with itself so that load changing between rounds cancels out.
 */
export function medianDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('medianDifference: the two series must have one value per round');
  return sampleStats(a.map((value, round) => value - (b[round] as number))).p50;
}
