/**
 * The Mann–Whitney test against published examples and a reference implementation.
 *
 * References (the numbers below are copied from them, never from this implementation):
 * - Kayenta's own suite, spinnaker/kayenta kayenta-mannwhitney/src/test/scala/.../MannWhitneySuite.scala,
 *   "returns expected values": control 1..4, experiment 10..40, interval [6, 39], estimate 22.5.
 * - R's `?wilcox.test` example `wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))`
 *   (the `airquality` data set: Chambers, Cleveland, Kleiner & Tukey, Graphical Methods for Data Analysis,
 *   1983; missing values dropped), with ties: R prints W = 127.5, p-value = 0.0001208.
 * - Hollander & Wolfe, Nonparametric Statistical Methods (1973), p. 69f., permeability constants of the
 *   human chorioamnion (also in R's `?wilcox.test`): W = 35.
 * - Full-precision values: SciPy 1.17.1, `scipy.stats.mannwhitneyu(x, y, alternative='two-sided',
 *   method='asymptotic', use_continuity=True)` (tie-corrected normal approximation with the continuity
 *   correction), and the interval by R's `wilcox.test` algorithm (the `wdiff` function Kayenta ports)
 *   written in Python on `scipy.stats.rankdata` and solved with `scipy.optimize.brentq(xtol=1e-13)`.
 *   Brent's method stops anywhere on an interval where the statistic is exactly zero; there the
 *   reference value is checked to lie inside the interval whose middle this implementation returns.
 */
import { describe, expect, it } from 'vitest';
import { mannWhitneyTest } from '../../cli/canary/statistics/mannWhitneyTest.js';
import { normalCdf, normalQuantile, normalTwoSidedPValue } from '../../cli/canary/statistics/normalDistribution.js';

const TOLERANCE = 1e-6;

const AIRQUALITY_MAY = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37];
const AIRQUALITY_AUGUST = [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85];
const PERMEABILITY_AT_TERM = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const PERMEABILITY_12_TO_26_WEEKS = [1.15, 0.88, 0.9, 0.74, 1.21];

describe('mannWhitneyTest', () => {
  it("reproduces Kayenta's own expected interval and estimate", () => {
    const result = mannWhitneyTest([10, 20, 30, 40], [1, 2, 3, 4]);
    expect(result.lower).toBeCloseTo(6, 6);
    expect(result.upper).toBeCloseTo(39, 6);
    expect(result.estimate).toBeCloseTo(22.5, 6);
    expect(result.u).toBe(16);
    expect(Math.abs(result.pValue - 0.03038282197657749)).toBeLessThan(TOLERANCE);
  });

  it("reproduces R's airquality example, with ties (W = 127.5, p = 0.0001208)", () => {
    const result = mannWhitneyTest(AIRQUALITY_MAY, AIRQUALITY_AUGUST);
    expect(result.u).toBe(127.5);
    expect(result.pValue.toPrecision(4)).toBe('0.0001208');
    expect(Math.abs(result.pValue - 0.00012080783076877434)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.lower - -52.99999999999991)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.upper - -14.999999999999982)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.estimate - -31.999999999999947)).toBeLessThan(TOLERANCE);
  });

  it('reproduces the Hollander & Wolfe permeability example (W = 35)', () => {
    const result = mannWhitneyTest(PERMEABILITY_AT_TERM, PERMEABILITY_12_TO_26_WEEKS);
    expect(result.u).toBe(35);
    expect(Math.abs(result.pValue - 0.24462360512698333)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.lower - -0.15000000000003566)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.upper - 0.7599999999999536)).toBeLessThan(TOLERANCE);
    // the statistic is zero for shifts from 0.30 to 0.31 (differences 1.04 − 0.74 and 1.64 − 1.33 …): Brent
    // stopped at 0.30015; the middle of the flat part is 0.305, the median of the 50 pairwise differences
    expect(result.estimate).toBeCloseTo(0.305, 12);
    expect(0.3001486769494133).toBeGreaterThanOrEqual(0.3);
    expect(0.3001486769494133).toBeLessThanOrEqual(0.31);
    expect(result.estimate).toBeCloseTo(median(pairwiseDifferences(PERMEABILITY_AT_TERM, PERMEABILITY_12_TO_26_WEEKS)), 12);
  });

  it('handles a canary-like sample of mostly zero ratios (heavy ties at zero)', () => {
    const canary = [0, 0, 0, 0.02, 0, 0.05, 0, 0.01, 0.2, 0.2, 0, 0.03];
    const baseline = [0, 0, 0, 0, 0.01, 0, 0, 0, 0, 0.02, 0, 0];
    const result = mannWhitneyTest(canary, baseline);
    expect(result.u).toBe(100);
    expect(Math.abs(result.pValue - 0.058282334489997485)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.lower - -2.7998168111968288e-14)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.upper - 0.030000000000010296)).toBeLessThan(TOLERANCE);
    expect(Math.abs(result.estimate - 3.695634184441451e-15)).toBeLessThan(TOLERANCE);
  });

  it('is antisymmetric: swapping the samples negates the shift and keeps the p-value', () => {
    const forward = mannWhitneyTest(AIRQUALITY_MAY, AIRQUALITY_AUGUST);
    const backward = mannWhitneyTest(AIRQUALITY_AUGUST, AIRQUALITY_MAY);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
    expect(backward.lower).toBeCloseTo(-forward.upper, 9);
    expect(backward.upper).toBeCloseTo(-forward.lower, 9);
    expect(backward.estimate).toBeCloseTo(-forward.estimate, 9);
  });

  it('finds each end of the interval at the pairwise difference where the statistic crosses the quantile, on random samples with ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      const x = Array.from({ length: 5 + Math.floor(random() * 40) }, () => Math.round(random() * 20) / 4 + (round % 3));
      const y = Array.from({ length: 5 + Math.floor(random() * 40) }, () => Math.round(random() * 20) / 4);
      const result = mannWhitneyTest(x, y);
      const differences = pairwiseDifferences(x, y);
      const quantile = normalQuantile(0.975);
      for (const [end, q] of [[result.lower, quantile], [result.upper, -quantile]] as const) {
        const min = Math.min(...differences);
        const max = Math.max(...differences);
        if (end === min || end === max) continue;
        expect(differences).toContain(end);
        // R's wdiff just below the end is above the quantile, just above it below
        expect(referenceStatistic(x, y, end - 1e-9) - q).toBeGreaterThan(0);
        expect(referenceStatistic(x, y, end + 1e-9) - q).toBeLessThan(0);
      }
      expect(result.lower).toBeLessThanOrEqual(result.estimate);
      expect(result.estimate).toBeLessThanOrEqual(result.upper);
    }
  });

  it('treats identical constant samples as no difference, and a constant shift as that shift', () => {
    expect(mannWhitneyTest([0, 0, 0], [0, 0, 0, 0])).toEqual({ u: 6, z: 0, pValue: 1, lower: 0, upper: 0, estimate: 0 });
    const shifted = mannWhitneyTest([0.2, 0.2, 0.2], [0, 0, 0]);
    expect([shifted.lower, shifted.upper, shifted.estimate]).toEqual([0.2, 0.2, 0.2]);
  });

  it('rejects empty samples, missing values and a bad confidence level, naming them', () => {
    expect(() => mannWhitneyTest([], [1])).toThrow('the experiment sample is empty');
    expect(() => mannWhitneyTest([1], [])).toThrow('the control sample is empty');
    expect(() => mannWhitneyTest([1, Number.NaN], [1])).toThrow('the experiment sample holds NaN; drop missing values first');
    expect(() => mannWhitneyTest([1], [2], 1)).toThrow('confidenceLevel must be between 0 and 1; received 1');
  });
});

describe('the normal distribution', () => {
  it('agrees with SciPy 1.17.1 (norm.sf, norm.ppf) to 1e-12 relative', () => {
    const twoSided: [number, number][] = [
      [0.5, 0.6170750774519738],
      [1.96, 0.04999579029644087],
      [2.5, 0.012419330651552265],
      [3.5, 0.00046525815807105003],
      [5, 5.733031437583866e-7],
      [8, 1.244192114854348e-15],
    ];
    for (const [z, p] of twoSided) {
      expect(Math.abs(normalTwoSidedPValue(z) / p - 1)).toBeLessThan(1e-12);
      expect(Math.abs(normalTwoSidedPValue(-z) / p - 1)).toBeLessThan(1e-12);
    }
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.025) - -1.9599639845400545)).toBeLessThan(1e-12);
    expect(Math.abs(normalQuantile(0.001) - -3.090232306167813)).toBeLessThan(1e-12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(() => normalQuantile(0)).toThrow('p must be strictly between 0 and 1; received 0');
  });
});

function pairwiseDifferences(x: readonly number[], y: readonly number[]): number[] {
  return x.flatMap((a) => y.map((b) => a - b));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2 : (sorted[Math.floor(middle)] as number);
}

/** R's `wdiff(d, 0)` written out plainly: average ranks of c(x − d, y), tie- and continuity-corrected. */
function referenceStatistic(x: readonly number[], y: readonly number[], shift: number): number {
  const pooled = [...x.map((value) => ({ value: value - shift, fromX: true })), ...y.map((value) => ({ value, fromX: false }))];
  const sorted = [...pooled].sort((a, b) => a.value - b.value);
  let rankSum = 0;
  let ties = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]?.value === sorted[start]?.value) end++;
    const t = end - start;
    ties += t ** 3 - t;
    for (let index = start; index < end; index++) if (sorted[index]?.fromX === true) rankSum += (start + 1 + end) / 2;
    start = end;
  }
  const n = x.length;
  const m = y.length;
  const dz = rankSum - (n * (n + 1)) / 2 - (n * m) / 2;
  const sigma = Math.sqrt(((n * m) / 12) * (n + m + 1 - ties / ((n + m) * (n + m - 1))));
  return (dz - Math.sign(dz) * 0.5) / sigma;
}
