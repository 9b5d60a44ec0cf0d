import { UsageError } from '../UsageError.js';
import { CANARY_SIGNALS, callsSelector, type CanarySignal } from './canarySignals.js';
import type { CanaryJudgement, MetricJudgement } from './CanaryJudgement.js';
import { classifyMetric } from './classifyMetric.js';
import { countSeries, queryRange, type RangeSeries } from './queryRange.js';
import { scoreCanary, type ScoreThresholds } from './scoreCanary.js';

/** What {@link judgeCanary} compares. */
export interface CanaryOptions {
  /** The Prometheus server, e.g. `http://127.0.0.1:9090`. */
  readonly prometheus: string;
  /** PromQL label matchers selecting the canary's series, e.g. `track="canary"`. */
  readonly canary: string;
  /** PromQL label matchers selecting the baseline's series, e.g. `track="baseline"`. */
  readonly baseline: string;
  /** End of the window, Unix seconds. */
  readonly end: number;
  /** Length of the window, seconds. */
  readonly windowSeconds: number;
  /** Resolution, seconds: one sample per step, each a rate over one step (so that samples do not overlap). */
  readonly stepSeconds: number;
  readonly thresholds: ScoreThresholds;
  /** How long to wait for each answer. */
  readonly timeoutMs: number;
}

type Fleet = 'canary' | 'baseline';

/**
 * Judges the canary against the baseline over the window: for every owner and every field, each signal's
 * per-step values of both fleets (one range query per signal, level and fleet), classified and scored.
 * @throws UsageError when Prometheus cannot be reached or rejects a query, when a selector matches no
 * `field_dependency_calls_total` series, or when a fleet has no sample in the window; the message names which.
 */
export async function judgeCanary(options: CanaryOptions): Promise<CanaryJudgement> {
  const { prometheus, end, windowSeconds, stepSeconds, timeoutMs } = options;
  const selectors: Record<Fleet, string> = { canary: options.canary, baseline: options.baseline };
  for (const fleet of ['canary', 'baseline'] as const) {
    const selector = callsSelector(selectors[fleet]);
    let count: number;
    try {
      count = await countSeries(prometheus, selector, timeoutMs);
    } catch (error) {
      if (error instanceof UsageError && error.message.includes('rejected')) {
        throw new UsageError(`--${fleet} ${JSON.stringify(selectors[fleet])} is not a PromQL label matcher list such as track="${fleet}": ${error.message}`, { cause: error });
      }
      throw error;
    }
    if (count === 0) throw new UsageError(`--${fleet} ${selectors[fleet]} matches no series at ${prometheus}: no ${selector} (check the label and its value)`);
  }

  const range = { start: end - windowSeconds + stepSeconds, end, step: stepSeconds };
  const rateWindow = `${stepSeconds}s`;
  const levels = [
    { by: 'owner', field: false },
    { by: 'owner, field', field: true },
  ] as const;
  const jobs = CANARY_SIGNALS.flatMap((signal) => levels.map((level) => ({ signal, level })));
  const answers = await Promise.all(
    jobs.map(async ({ signal, level }) => {
      const [canary, baseline] = await Promise.all(
        (['canary', 'baseline'] as const).map((fleet) => queryRange(prometheus, signal.query(selectors[fleet], level.by, rateWindow), range, timeoutMs)),
      );
      return { signal, field: level.field, canary: canary as RangeSeries[], baseline: baseline as RangeSeries[] };
    }),
  );

  for (const fleet of ['canary', 'baseline'] as const) {
    const degradation = answers.find((answer) => answer.signal.name === 'degradation' && !answer.field);
    if (!(degradation?.[fleet] ?? []).some((series) => series.values.length > 0)) {
      throw new UsageError(
        `--${fleet} ${selectors[fleet]} has no field-dependency calls from ${new Date(range.start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()}: ` +
          'no samples in the window (is --end right? did it get traffic?)',
      );
    }
  }

  const metrics = answers.flatMap(({ signal, field, canary, baseline }) => classifyAll(signal, field, canary, baseline));
  return {
    version: 1,
    ...scoreCanary(metrics, options.thresholds),
    thresholds: options.thresholds,
    prometheus,
    canary: options.canary,
    baseline: options.baseline,
    window: { start: new Date((end - windowSeconds) * 1000).toISOString(), end: new Date(end * 1000).toISOString(), stepSeconds },
  };
}

/** Pairs the two fleets' series by owner (and field) and classifies each pair; a series on one side only is compared with no samples. */
function classifyAll(signal: CanarySignal, byField: boolean, canary: readonly RangeSeries[], baseline: readonly RangeSeries[]): MetricJudgement[] {
  const key = (labels: Readonly<Record<string, string>>) => JSON.stringify([labels.owner ?? '', byField ? (labels.field ?? '') : null]);
  const pairs = new Map<string, { canary: readonly number[]; baseline: readonly number[] }>();
  for (const series of canary) pairs.set(key(series.labels), { canary: series.values, baseline: [] });
  for (const series of baseline) pairs.set(key(series.labels), { canary: pairs.get(key(series.labels))?.canary ?? [], baseline: series.values });
  return [...pairs].map(([pairKey, values]) => {
    const [owner, field] = JSON.parse(pairKey) as [string, string | null];
    return { signal: signal.name, owner, field, ...classifyMetric(values.canary, values.baseline, signal) };
  });
}
