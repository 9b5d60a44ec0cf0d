import { CANARY_SIGNALS, SIGNAL_GROUPINGS, type CanarySignal } from './canarySignals.js';
import { CLASSIFICATION_TOLERANCES } from './classifyMetric.js';

/** One signal's canary-against-baseline comparison as a single PromQL instant query. */
export interface ComparisonQuery {
  readonly signal: CanarySignal;
  /** Kebab-case name for the engines' metric lists: `field-dependency-degradation`, … */
  readonly name: string;
  /**
   * PromQL whose value is the worst owner's excess over its baseline's tolerance: the canary's value minus
   * (baseline × effect-size factor + the signal's minimum rise), maximum over owners. At most 0 passes;
   * above 0 some owner is worse; no value (no series) or NaN (no canary traffic) must count as a failure.
   */
  readonly promql: string;
}

/**
 * The comparison {@link classifyMetric} makes, without its statistics, as one instant query per signal
 * for engines that evaluate a threshold (Argo Rollouts, Flagger): per owner, the canary's value over
 * `rateWindow` against the baseline's, with the same tolerances (1.2 × and the signal's minimum rise).
 * `canary`, `baseline` and `rateWindow` are written into the query as given: the engines' placeholders
 * (give a selector placeholder a leading space: `{{{` would break both engines' template syntax).
 *
 * The shipped recording rules cannot be reused here: they aggregate `by (owner)` and `by (owner, field)`,
 * which drops the label that tells the canary from the baseline.
 */
export function comparisonQueries(canary: string, baseline: string, rateWindow: string): ComparisonQuery[] {
  const { effectSize } = CLASSIFICATION_TOLERANCES;
  const owner = SIGNAL_GROUPINGS.owner;
  return CANARY_SIGNALS.map((signal) => ({
    signal,
    name: `field-dependency-${kebab(signal.name)}`,
    promql: `max(\n  (${indent(signal.query(canary, owner, rateWindow))})\n  - on (${owner})\n  (${effectSize} * (${indent(signal.query(baseline, owner, rateWindow))}) + ${signal.minimumRise})\n)`,
  }));
}

function kebab(name: string): string {
  return name.replace(/[A-Z0-9]+/g, (part) => `-${part.toLowerCase()}`);
}

function indent(promql: string): string {
  return promql.replaceAll('\n', '\n    ');
}
