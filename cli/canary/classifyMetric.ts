import type { CanarySignal } from './canarySignals.js';
import { mannWhitneyTest } from './statistics/mannWhitneyTest.js';

/**
 * A metric's classification, as Kayenta names them: `pass` (no meaningful rise), `high` (the canary is
 * worse), `low` (the canary is better: fine, it counts as passing) or `nodata` (too few samples to judge).
 */
export type Classification = 'pass' | 'high' | 'low' | 'nodata';

/** The tolerances of {@link classifyMetric}. */
export const CLASSIFICATION_TOLERANCES = Object.freeze({
  /** Steps with a value each fleet needs before a metric is judged. */
  minimumSamples: 5,
  /** Confidence level of the interval of the shift (Kayenta's default). */
  confidenceLevel: 0.95,
  /** The canary's mean must exceed the baseline's by this factor (or fall below its inverse) to be `high` (`low`). */
  effectSize: 1.2,
});

/** One fleet's side of a metric. */
export interface FleetSample {
  /** Steps with a finite value (those that are not finite make the metric `nodata`). */
  readonly samples: number;
  /** Median over those steps; null without any. */
  readonly median: number | null;
  /** Mean over those steps; null without any. */
  readonly mean: number | null;
}

/** What {@link classifyMetric} found. */
export interface MetricClassification {
  readonly classification: Classification;
  /** Whether the metric counts in the score: false when neither fleet has enough samples. */
  readonly judged: boolean;
  /** One sentence: why this classification. */
  readonly reason: string;
  readonly canary: FleetSample;
  readonly baseline: FleetSample;
  /** Two-sided Mann–Whitney p-value; null when not tested. */
  readonly pValue: number | null;
  /** 95% confidence interval of the shift canary − baseline, and its estimate; null when not tested. */
  readonly shift: { readonly lower: number; readonly estimate: number; readonly upper: number } | null;
  /** Mean of the canary ÷ mean of the baseline; 1 when both are 0, null when only the baseline's is 0 (or no data). */
  readonly effectSize: number | null;
}

/**
 * Classifies one metric of the canary against its baseline, Kayenta's way with this library's direction:
 * every signal here is worse when higher, so only a rise fails.
 *
 * 0. A sample that is not a finite number on either side (`+Inf`, `-Inf`, NaN, or values whose sum exceeds
 *    the largest number): `nodata`, and judged, so it counts against the score; it is never a `pass`.
 * 1. Fewer than {@link CLASSIFICATION_TOLERANCES}`.minimumSamples` steps with a value on a side: `nodata`.
 *    When one side has enough and the other not (typically: the canary got no traffic) it is judged, and
 *    so counts against the score; when neither has, it is listed but not judged.
 * 2. Identical samples, or every value the same: `pass`.
 * 3. Mann–Whitney U test of canary against baseline, with the 95% confidence interval of the shift
 *    (Kayenta's computation). `high` when the whole interval is above 0 (a significant rise), the canary's
 *    mean is at least 1.2 × the baseline's, and the means differ by at least the signal's `minimumRise`;
 *    `low` for the mirror image; otherwise `pass`.
 */
export function classifyMetric(canaryValues: readonly number[], baselineValues: readonly number[], signal: CanarySignal): MetricClassification {
  const { minimumSamples, confidenceLevel, effectSize: factor } = CLASSIFICATION_TOLERANCES;
  const canary = describeSample(canaryValues.filter(Number.isFinite));
  const baseline = describeSample(baselineValues.filter(Number.isFinite));
  const result = (
    classification: Classification,
    reason: string,
    tested: Pick<MetricClassification, 'pValue' | 'shift' | 'effectSize'> = { pValue: null, shift: null, effectSize: null },
    judged = true,
  ): MetricClassification => ({ classification, judged, reason, canary, baseline, ...tested });

  const unusable = [nonFiniteProblem('canary', canaryValues), nonFiniteProblem('baseline', baselineValues)].filter((problem) => problem !== undefined);
  if (unusable.length > 0) {
    return result(
      'nodata',
      `${unusable.join('; ')}: not finite numbers cannot be compared (Prometheus answered ±Inf, such as a p99 above the largest histogram bucket, or rates too large to add up); counted as not passing`,
    );
  }

  if (canary.samples < minimumSamples || baseline.samples < minimumSamples) {
    const short = [canary.samples < minimumSamples ? `canary ${canary.samples}` : '', baseline.samples < minimumSamples ? `baseline ${baseline.samples}` : '']
      .filter((part) => part !== '')
      .join(', ');
    const judged = canary.samples >= minimumSamples || baseline.samples >= minimumSamples;
    return result('nodata', `fewer than ${minimumSamples} steps with traffic (${short}): widen --window or lengthen --step`, undefined, judged);
  }
  const effectSize = ratioOfMeans(canary.mean as number, baseline.mean as number);
  const sortedCanary = [...canaryValues].sort((a, b) => a - b);
  const sortedBaseline = [...baselineValues].sort((a, b) => a - b);
  if (sortedCanary.length === sortedBaseline.length && sortedCanary.every((value, index) => value === sortedBaseline[index])) {
    return result('pass', 'the canary and baseline samples are identical', { pValue: 1, shift: { lower: 0, estimate: 0, upper: 0 }, effectSize });
  }
  const test = mannWhitneyTest(canaryValues, baselineValues, confidenceLevel);
  const tested = { pValue: test.pValue, shift: { lower: test.lower, estimate: test.estimate, upper: test.upper }, effectSize };
  const rise = (canary.mean as number) - (baseline.mean as number);
  const ratioAbove = effectSize === null || effectSize >= factor;
  const ratioBelow = effectSize !== null && effectSize <= 1 / factor;
  if (test.lower > 0 && ratioAbove && rise >= signal.minimumRise) {
    return result('high', `the canary's ${signal.title} is higher: the 95% interval of the shift is above 0, the means differ by ${formatFactor(effectSize)}`, tested);
  }
  if (test.upper < 0 && ratioBelow && -rise >= signal.minimumRise) {
    return result('low', `the canary's ${signal.title} is lower (better): the 95% interval of the shift is below 0`, tested);
  }
  const why =
    test.lower <= 0 && test.upper >= 0
      ? 'the 95% interval of the shift includes 0'
      : `the shift is within tolerance (means ${formatFactor(effectSize)}, ${rise >= 0 ? '+' : ''}${rise.toPrecision(3)})`;
  return result('pass', why, tested);
}

/** What is not finite in a fleet's samples (`canary: 3 of 20 steps not finite (+Inf 3)`), or undefined. */
function nonFiniteProblem(fleet: 'canary' | 'baseline', values: readonly number[]): string | undefined {
  const kinds = new Map<string, number>();
  for (const value of values) {
    if (Number.isFinite(value)) continue;
    const kind = Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  if (kinds.size > 0) return `${fleet}: ${[...kinds.values()].reduce((sum, count) => sum + count, 0)} of ${values.length} steps not finite (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')})`;
  const sum = values.reduce((total, value) => total + value, 0);
  return Number.isFinite(sum) ? undefined : `${fleet}: values too large to add up (their sum exceeds ${Number.MAX_VALUE.toPrecision(2)})`;
}

function describeSample(values: readonly number[]): FleetSample {
  if (values.length === 0) return { samples: 0, median: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { samples: values.length, median, mean: values.reduce((sum, value) => sum + value, 0) / values.length };
}

function ratioOfMeans(canary: number, baseline: number): number | null {
  if (baseline === 0) return canary === 0 ? 1 : null;
  return canary / baseline;
}

function formatFactor(effectSize: number | null): string {
  return effectSize === null ? '×∞ (baseline 0)' : `×${effectSize.toPrecision(3)}`;
}
