import { normalQuantile, normalTwoSidedPValue } from './normalDistribution.js';

/** What {@link mannWhitneyTest} finds about the shift between two samples. */
export interface MannWhitneyResult {
  /** Mann–Whitney U of the experiment: pairs (experiment > control) plus half of the tied pairs. */
  readonly u: number;
  /** The normal approximation's z, with the tie and continuity corrections. */
  readonly z: number;
  /** Two-sided p-value of "the two samples come from one distribution" (1 when every observation is tied). */
  readonly pValue: number;
  /** Lower end of the confidence interval of the shift (experiment − control). */
  readonly lower: number;
  /** Upper end of the confidence interval of the shift (experiment − control). */
  readonly upper: number;
  /** The Hodges–Lehmann-style estimate of the shift: where the centred statistic crosses zero. */
  readonly estimate: number;
}

/**
 * The two-sided Mann–Whitney U test (Wilcoxon rank-sum test) of `experiment` against `control`, with the
 * confidence interval of the location shift that Kayenta's `MannWhitney.calculateConfidenceInterval`
 * computes (itself R's `wilcox.test(x, y, conf.int = TRUE, exact = FALSE, correct = TRUE)`):
 *
 * - the p-value is the normal approximation with the tie correction of the variance and the continuity
 *   correction, as R computes it for `exact = FALSE` (Kayenta's own p-value, from Apache Commons Math 3,
 *   applies neither correction; it does not take part in Kayenta's classification);
 * - the interval's ends are the shifts d at which the centred, tie- and continuity-corrected rank statistic
 *   of (experiment − d, control) equals ±z(1 − α/2), the estimate where it equals 0. That statistic is a
 *   step function of d that jumps at the pairwise differences experiment[i] − control[j]; Kayenta and R
 *   find its crossing with a numeric root finder (to 1e-6 and 1e-4 respectively), this finds it exactly:
 *   the crossing is a pairwise difference (chosen by rank with a selection in the sorted difference
 *   matrix, O((n + m) log(nm)) expected, never building the n × m differences), or the middle of the
 *   interval on which the statistic is exactly zero (for the estimate: the median of the pairwise
 *   differences). Like R and Kayenta, an end that does not cross inside [min difference, max difference]
 *   is that bound.
 *
 * @param confidenceLevel of the interval, between 0 and 1 (Kayenta: 0.95).
 * @throws RangeError when either sample is empty or holds a value that is not finite, or the level is not in (0, 1).
 */
export function mannWhitneyTest(experiment: readonly number[], control: readonly number[], confidenceLevel = 0.95): MannWhitneyResult {
  for (const [name, sample] of [['experiment', experiment], ['control', control]] as const) {
    if (sample.length === 0) throw new RangeError(`mannWhitneyTest: the ${name} sample is empty`);
    const bad = sample.find((value) => !Number.isFinite(value));
    if (bad !== undefined) throw new RangeError(`mannWhitneyTest: the ${name} sample holds ${bad}; drop missing values first`);
  }
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError(`mannWhitneyTest: confidenceLevel must be between 0 and 1; received ${confidenceLevel}`);
  const x = Float64Array.from(experiment).sort();
  const y = Float64Array.from(control).sort();
  const n = x.length;
  const m = y.length;
  const pairs = n * m;

  // the test at shift 0
  const atZero = rankStatistic(x, y, 0);
  const sigmaAtZero = sigma(n, m, atZero.tieTerm);
  const centred = atZero.u - pairs / 2;
  const z = sigmaAtZero === 0 ? 0 : (centred - Math.sign(centred) * 0.5) / sigmaAtZero;
  const pValue = sigmaAtZero === 0 ? 1 : normalTwoSidedPValue(z);

  const minShift = (x[0] as number) - (y[m - 1] as number);
  const maxShift = (x[n - 1] as number) - (y[0] as number);
  if (minShift === maxShift) return { u: atZero.u, z, pValue, lower: minShift, upper: minShift, estimate: minShift };

  // between two pairwise differences, only the ties inside each sample remain
  const sigmaBetween = sigma(n, m, tieTerm(x) + tieTerm(y));
  const differences = new SortedDifferences(x, y);
  /** The statistic minus `quantile` at an exact shift (R's `wdiff`), for the bounds. */
  const statisticAt = (shift: number, quantile: number): number => {
    const { u, tieTerm: ties } = rankStatistic(x, y, shift);
    const dz = u - pairs / 2;
    return (dz - Math.sign(dz) * 0.5) / sigma(n, m, ties) - quantile;
  };
  /** The statistic minus `quantile` between pairwise differences, where `above` differences exceed the shift. */
  const between = (above: number, quantile: number): number => {
    const dz = above - pairs / 2;
    return (dz - Math.sign(dz) * 0.5) / sigmaBetween - quantile;
  };
  /** Where the statistic, non-increasing in the shift, crosses `quantile`. */
  const crossing = (quantile: number): number => {
    // the statistic is positive while at least `firstPositive` differences exceed the shift (binary search on the count)
    let low = 0;
    let high = pairs + 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (between(middle, quantile) > 0) high = middle;
      else low = middle + 1;
    }
    const firstPositive = low;
    // and zero while between `firstZero` and `firstPositive - 1` of them do
    low = 0;
    high = firstPositive;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (between(middle, quantile) >= 0) high = middle;
      else low = middle + 1;
    }
    const firstZero = low;
    // the k-th largest difference is where the count of larger ones drops below k
    const largest = (k: number): number => (k < 1 ? maxShift : k > pairs ? minShift : differences.smallest(pairs - k + 1));
    if (firstZero === firstPositive) return largest(firstPositive);
    return (largest(firstPositive) + largest(firstZero)) / 2;
  };
  /** R's `root`: an end that does not cross inside the range is the range's bound. */
  const end = (quantile: number): number => {
    if (statisticAt(minShift, quantile) <= 0) return minShift;
    if (statisticAt(maxShift, quantile) >= 0) return maxShift;
    return crossing(quantile);
  };
  const quantile = normalQuantile(1 - (1 - confidenceLevel) / 2);
  return { u: atZero.u, z, pValue, lower: end(quantile), upper: end(-quantile), estimate: crossing(0) };
}

/** The standard deviation of U under the null hypothesis, with the tie correction. */
function sigma(n: number, m: number, ties: number): number {
  const total = n + m;
  return Math.sqrt(((n * m) / 12) * (total + 1 - ties / (total * (total - 1))));
}

/** Σ (t³ − t) over the groups of equal values of a sorted sample. */
function tieTerm(sorted: Float64Array): number {
  let sum = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    const t = end - start;
    sum += t * t * t - t;
    start = end;
  }
  return sum;
}

/** U of (x − shift) against y, and the tie term of the pooled sample, by merging the two sorted samples. */
function rankStatistic(x: Float64Array, y: Float64Array, shift: number): { u: number; tieTerm: number } {
  let i = 0;
  let j = 0;
  let rank = 0;
  let rankSumX = 0;
  let ties = 0;
  while (i < x.length || j < y.length) {
    const value = j >= y.length || (i < x.length && (x[i] as number) - shift <= (y[j] as number)) ? (x[i] as number) - shift : (y[j] as number);
    let fromX = 0;
    let fromY = 0;
    while (i < x.length && (x[i] as number) - shift === value) {
      i++;
      fromX++;
    }
    while (j < y.length && y[j] === value) {
      j++;
      fromY++;
    }
    const t = fromX + fromY;
    rankSumX += fromX * (rank + (t + 1) / 2);
    ties += t * t * t - t;
    rank += t;
  }
  return { u: rankSumX - (x.length * (x.length + 1)) / 2, tieTerm: ties };
}

/**
 * The n × m differences x[i] − y[j] of two ascending samples, never built: row i ascends with i, and with
 * the columns taken in descending order of y each row ascends too, so the k-th smallest is found by a
 * randomized selection that keeps, per row, the range of columns still in play.
 */
class SortedDifferences {
  readonly #x: Float64Array;
  /** y, descending. */
  readonly #y: Float64Array;
  constructor(x: Float64Array, y: Float64Array) {
    this.#x = x;
    this.#y = Float64Array.from(y).reverse();
  }

  #at(row: number, column: number): number {
    return (this.#x[row] as number) - (this.#y[column] as number);
  }

  /** The k-th smallest difference, 1-based. */
  smallest(k: number): number {
    const rows = this.#x.length;
    const columns = this.#y.length;
    const first = new Int32Array(rows); // first column still in play
    const last = new Int32Array(rows).fill(columns - 1); // last column still in play
    const below = new Int32Array(rows);
    const upTo = new Int32Array(rows);
    let seed = 0x9e3779b9 ^ k;
    for (;;) {
      let inPlay = 0;
      for (let row = 0; row < rows; row++) inPlay += Math.max(0, (last[row] as number) - (first[row] as number) + 1);
      let discarded = 0;
      for (let row = 0; row < rows; row++) discarded += first[row] as number;
      if (inPlay <= 64) {
        const values: number[] = [];
        for (let row = 0; row < rows; row++) for (let column = first[row] as number; column <= (last[row] as number); column++) values.push(this.#at(row, column));
        values.sort((a, b) => a - b);
        return values[k - discarded - 1] as number;
      }
      // a pivot drawn uniformly from the differences still in play (xorshift: reproducible, no Math.random)
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      let pick = (seed >>> 0) % inPlay;
      let pivot = Number.NaN;
      for (let row = 0; row < rows; row++) {
        const width = Math.max(0, (last[row] as number) - (first[row] as number) + 1);
        if (pick < width) {
          pivot = this.#at(row, (first[row] as number) + pick);
          break;
        }
        pick -= width;
      }
      // per row, how many differences are < pivot and ≤ pivot: both counts fall as the row rises
      let less = 0;
      let lessOrEqual = 0;
      let columnLess = columns;
      let columnLessOrEqual = columns;
      for (let row = 0; row < rows; row++) {
        while (columnLess > 0 && this.#at(row, columnLess - 1) >= pivot) columnLess--;
        while (columnLessOrEqual > 0 && this.#at(row, columnLessOrEqual - 1) > pivot) columnLessOrEqual--;
        below[row] = columnLess;
        upTo[row] = columnLessOrEqual;
        less += columnLess;
        lessOrEqual += columnLessOrEqual;
      }
      if (k > less && k <= lessOrEqual) return pivot;
      for (let row = 0; row < rows; row++) {
        if (k <= less) last[row] = Math.min(last[row] as number, (below[row] as number) - 1);
        else first[row] = Math.max(first[row] as number, upTo[row] as number);
      }
    }
  }
}
