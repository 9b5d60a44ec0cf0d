import type { CanarySignalName } from './canarySignals.js';
import type { MetricClassification } from './classifyMetric.js';

/** The run's verdict: `pass` (score ≥ --pass), `marginal` (≥ --marginal) or `fail`. */
export type CanaryVerdict = 'pass' | 'marginal' | 'fail';

/** One signal of one owner (`field` null) or of one of its fields, classified. */
export interface MetricJudgement extends MetricClassification {
  readonly signal: CanarySignalName;
  readonly owner: string;
  readonly field: string | null;
}

/** One owner's metrics and score. */
export interface OwnerJudgement {
  readonly owner: string;
  /** Passing (`pass` or `low`) ÷ judged metrics × 100; null when none could be judged. */
  readonly score: number | null;
  /** As the run's, from the owner's own score; `nodata` when none of its metrics could be judged. */
  readonly verdict: CanaryVerdict | 'nodata';
  /** The owner's metrics, `high` first, then `nodata`, then the rest. */
  readonly metrics: readonly MetricJudgement[];
}

/**
 * The judgement `field-dependency canary --format json` prints (schema version 1): stable, additive only.
 * Argo Rollouts' web provider reads it with `successCondition: result.verdict == "pass"`; a Spinnaker
 * webhook stage with `result.verdict` or `result.score`.
 */
export interface CanaryJudgement {
  readonly version: 1;
  /** The score's verdict, but no better than the worst owner's; `fail` when a critical failure ratio is `high`. */
  readonly verdict: CanaryVerdict;
  /** Mean of the owners' scores (each owner weighs the same, whatever its number of fields), 0–100; null when nothing could be judged. */
  readonly score: number | null;
  /** One sentence: why this verdict. */
  readonly reason: string;
  readonly thresholds: { readonly pass: number; readonly marginal: number };
  readonly prometheus: string;
  readonly canary: string;
  readonly baseline: string;
  /** The window judged: RFC 3339 start and end, and the step and rate window in seconds. */
  readonly window: { readonly start: string; readonly end: string; readonly stepSeconds: number };
  /** Worst first: a failed critical signal, then by score ascending; owners with nothing judged last. */
  readonly owners: readonly OwnerJudgement[];
}
