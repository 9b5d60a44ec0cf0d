import { CANARY_SIGNALS } from './canarySignals.js';
import type { CanaryJudgement, CanaryVerdict, MetricJudgement, OwnerJudgement } from './CanaryJudgement.js';

/** The score thresholds: at least `pass` passes, at least `marginal` is marginal, below fails. */
export interface ScoreThresholds {
  readonly pass: number;
  readonly marginal: number;
}

const CLASSIFICATION_ORDER = { high: 0, nodata: 1, pass: 2, low: 3 } as const;

/**
 * Scores classified metrics. Each owner's score is its passing (`pass` or `low`) metrics ÷ its judged
 * metrics × 100, and its verdict compares that with the thresholds; the run's score is the mean of the
 * owners' scores, so an owner with twenty fields weighs what an owner with one does. The run's verdict is
 * the score's, but no better than its worst owner's (so that one regressed owner among fifty is not
 * averaged away), and `fail` when a critical-failure ratio is `high`.
 */
export function scoreCanary(
  metrics: readonly MetricJudgement[],
  thresholds: ScoreThresholds,
): Pick<CanaryJudgement, 'verdict' | 'score' | 'reason' | 'owners'> {
  const byOwner = new Map<string, MetricJudgement[]>();
  for (const metric of metrics) byOwner.set(metric.owner, [...(byOwner.get(metric.owner) ?? []), metric]);
  const verdictOf = (score: number): CanaryVerdict => (score >= thresholds.pass ? 'pass' : score >= thresholds.marginal ? 'marginal' : 'fail');
  const failsRun = (metric: MetricJudgement) => metric.classification === 'high' && CANARY_SIGNALS.some((signal) => signal.name === metric.signal && signal.failsRun);

  const owners: OwnerJudgement[] = [...byOwner].map(([owner, ownMetrics]) => {
    const judged = ownMetrics.filter((metric) => metric.judged);
    const passing = judged.filter((metric) => metric.classification === 'pass' || metric.classification === 'low');
    const score = judged.length === 0 ? null : (passing.length / judged.length) * 100;
    const sorted = [...ownMetrics].sort(
      (a, b) =>
        CLASSIFICATION_ORDER[a.classification] - CLASSIFICATION_ORDER[b.classification] ||
        (a.field ?? '').localeCompare(b.field ?? '') ||
        CANARY_SIGNALS.findIndex((signal) => signal.name === a.signal) - CANARY_SIGNALS.findIndex((signal) => signal.name === b.signal),
    );
    return { owner, score, verdict: ownMetrics.some(failsRun) ? 'fail' : score === null ? 'nodata' : verdictOf(score), metrics: sorted };
  });
  owners.sort(
    (a, b) =>
      Number(b.metrics.some(failsRun)) - Number(a.metrics.some(failsRun)) ||
      (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY) ||
      a.owner.localeCompare(b.owner),
  );

  const scored = owners.filter((owner) => owner.score !== null);
  const score = scored.length === 0 ? null : scored.reduce((sum, owner) => sum + (owner.score as number), 0) / scored.length;
  const critical = metrics.filter(failsRun);
  if (critical.length > 0) {
    const names = critical.map((metric) => (metric.field === null ? metric.owner : `${metric.owner}/${metric.field}`));
    return { verdict: 'fail', score, reason: `critical dependencies fail more on the canary: ${[...new Set(names)].join(', ')}`, owners };
  }
  if (score === null) {
    return { verdict: 'fail', score, reason: 'nothing could be judged: too few steps with traffic on both fleets; widen --window', owners };
  }
  // the run is no better than its worst owner: one regressed team among fifty is not averaged away
  const below = owners.filter((owner) => owner.verdict === 'fail' || owner.verdict === 'marginal');
  const worstOwner = below.some((owner) => owner.verdict === 'fail') ? 'fail' : below.length > 0 ? 'marginal' : 'pass';
  const verdict = SEVERITY[verdictOf(score)] >= SEVERITY[worstOwner] ? verdictOf(score) : worstOwner;
  const named = below.map((owner) => `${owner.owner} ${formatScore(owner.score as number)}`).join(', ');
  const reason =
    verdict === 'pass'
      ? `score ${formatScore(score)} reaches --pass ${thresholds.pass}, and so does every owner's`
      : verdictOf(score) === 'pass'
        ? `owners below --pass ${thresholds.pass}: ${named} (score ${formatScore(score)})`
        : `score ${formatScore(score)} is below --pass ${thresholds.pass}; owners below it: ${named}`;
  return { verdict, score, reason, owners };
}

const SEVERITY: Readonly<Record<CanaryVerdict, number>> = { pass: 0, marginal: 1, fail: 2 };

/** A score with at most one decimal: `95`, `87.5`. */
export function formatScore(score: number): string {
  return String(Math.round(score * 10) / 10);
}
