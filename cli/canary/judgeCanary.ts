import { UsageError } from '../UsageError.js';
import { CANARY_SIGNALS, SIGNAL_GROUPINGS, callRatesQuery, callsSelector, type CanarySignal, type CanarySignalName } from './canarySignals.js';
import type { CanaryJudgement, MetricJudgement } from './CanaryJudgement.js';
import { classifyMetric } from './classifyMetric.js';
import { countSeries, queryRange, type RangeSeries } from './queryRange.js';
import { scoreCanary, type ScoreThresholds } from './scoreCanary.js';
import { countSteps, stepRatios, type FleetCounts, type StepCounts } from './stepCounts.js';

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
  /** How long the whole run may wait for Prometheus, every query included. */
  readonly deadlineMs: number;
}

type Fleet = 'canary' | 'baseline';

/**
 * Judges the canary against the baseline over the window: for every owner and every field, each signal's
 * per-step values on both fleets, classified and scored. Three range queries per fleet: the call rates by
 * owner, field, criticality and outcome (every ratio signal at both levels, summed here), and the p99 latency per
 * owner and per field.
 * @throws UsageError when Prometheus cannot be reached, rejects a query or answers something malformed, when
 * the answers have not all come within `deadlineMs`, when a selector matches no `field_dependency_calls_total`
 * series, or when a fleet has no sample in the window; the message names which.
 */
export async function judgeCanary(options: CanaryOptions): Promise<CanaryJudgement> {
  const deadline = AbortSignal.timeout(options.deadlineMs);
  // stops the queries still running when one fails, so that none keeps the process waiting
  const finished = new AbortController();
  try {
    return await judgeWithin(options, AbortSignal.any([deadline, finished.signal]));
  } catch (error) {
    if (!deadline.aborted) throw error;
    throw new UsageError(
      `no verdict within --deadline ${Number((options.deadlineMs / 1000).toFixed(3))}s: Prometheus at ${options.prometheus} had not answered every query by then ` +
        '(raise --deadline, or shorten --window or lengthen --step for smaller answers)',
      { cause: error },
    );
  } finally {
    finished.abort();
  }
}

async function judgeWithin(options: CanaryOptions, signal: AbortSignal): Promise<CanaryJudgement> {
  const { prometheus, end, windowSeconds, stepSeconds, timeoutMs } = options;
  const selectors: Record<Fleet, string> = { canary: options.canary, baseline: options.baseline };
  for (const fleet of ['canary', 'baseline'] as const) {
    const selector = callsSelector(selectors[fleet]);
    let count: number;
    try {
      count = await countSeries(prometheus, selector, timeoutMs, signal);
    } catch (error) {
      if (error instanceof UsageError && error.message.includes('rejected')) {
        throw new UsageError(`--${fleet} ${JSON.stringify(selectors[fleet])} is not a PromQL label matcher list such as track="${fleet}": ${error.message}`, { cause: error });
      }
      throw error;
    }
    if (count === 0) throw new UsageError(`--${fleet} ${selectors[fleet]} matches no series at ${prometheus}: no ${selector} (check the label and its value)`);
  }

  const range = { start: end - windowSeconds + stepSeconds, end, step: stepSeconds };
  const steps = Math.round((range.end - range.start) / stepSeconds) + 1;
  const rateWindow = `${stepSeconds}s`;
  const latency = CANARY_SIGNALS.find((signal) => signal.name === 'latencyP99') as CanarySignal;
  // per fleet: the call rates by outcome (every ratio signal, both levels) and the p99 latency per owner and per field
  // two at a time: each answer is compacted before the next arrives, which bounds the memory of large windows
  const [canaryCalls, baselineCalls, ...latencies] = await inPairs([
    ...(['canary', 'baseline'] as const).map((fleet) => () => queryRange(prometheus, callRatesQuery(selectors[fleet], rateWindow), range, timeoutMs, signal)),
    ...Object.values(SIGNAL_GROUPINGS).flatMap((by) =>
      (['canary', 'baseline'] as const).map((fleet) => () => queryRange(prometheus, latency.query(selectors[fleet], by, rateWindow), range, timeoutMs, signal)),
    ),
  ]);
  const counts = {
    canary: countSteps(canaryCalls as RangeSeries[], range.start, stepSeconds, steps),
    baseline: countSteps(baselineCalls as RangeSeries[], range.start, stepSeconds, steps),
  };
  for (const fleet of ['canary', 'baseline'] as const) {
    if (![...counts[fleet].owners.values()].some(({ total }) => total.all.some((rate) => rate > 0))) {
      throw new UsageError(
        `--${fleet} ${selectors[fleet]} has no field-dependency calls from ${new Date(range.start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()}: ` +
          'no samples in the window (is --end right? did it get traffic?)',
      );
    }
  }

  const [ownerLatencyCanary, ownerLatencyBaseline, fieldLatencyCanary, fieldLatencyBaseline] = latencies as RangeSeries[][];
  const metrics = [
    ...ratioMetrics(counts.canary, counts.baseline),
    ...classifyAll(latency, false, ownerLatencyCanary ?? [], ownerLatencyBaseline ?? []),
    ...classifyAll(latency, true, fieldLatencyCanary ?? [], fieldLatencyBaseline ?? []),
  ];
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

/**
 * The ratio signals of every owner and field, per step, from both fleets' call rates: the degradation ratio
 * (of the calls the objective counts: not those brownout shed), the critical failure ratio (for what is
 * critical on either fleet), and the brownout shed ratio (for what brownout shed on either fleet in the window:
 * without brownout it would be 0 against 0 everywhere, a pass that would only water the score down).
 */
function ratioMetrics(canary: FleetCounts, baseline: FleetCounts): MetricJudgement[] {
  const signal = (name: CanarySignalName) => CANARY_SIGNALS.find((item) => item.name === name) as CanarySignal;
  const ratios: Record<Exclude<CanarySignalName, 'latencyP99'>, (counts: StepCounts) => number[]> = {
    degradation: (counts) => stepRatios(counts.degraded, counts.objective),
    criticalFailure: (counts) => stepRatios(counts.criticalFailed, counts.criticalAll),
    brownoutShed: (counts) => stepRatios(counts.shed, counts.all),
  };
  const judgements: MetricJudgement[] = [];
  const compare = (owner: string, field: string | null, ours: StepCounts | undefined, theirs: StepCounts | undefined) => {
    const judge = (name: keyof typeof ratios) => {
      const values = (counts: StepCounts | undefined) => (counts === undefined ? [] : ratios[name](counts));
      judgements.push({ signal: name, owner, field, ...classifyMetric(values(ours), values(theirs), signal(name)) });
    };
    judge('degradation');
    if (ours?.critical === true || theirs?.critical === true) judge('criticalFailure');
    if ([ours, theirs].some((counts) => counts?.shed.some((rate) => rate > 0) === true)) judge('brownoutShed');
  };
  for (const owner of new Set([...canary.owners.keys(), ...baseline.owners.keys()])) {
    const ours = canary.owners.get(owner);
    const theirs = baseline.owners.get(owner);
    compare(owner, null, ours?.total, theirs?.total);
    for (const field of new Set([...(ours?.fields.keys() ?? []), ...(theirs?.fields.keys() ?? [])])) compare(owner, field, ours?.fields.get(field), theirs?.fields.get(field));
  }
  return judgements;
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

/** Runs `tasks` two at a time, and returns their results in order. */
async function inPairs<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < tasks.length; index += 2) results.push(...(await Promise.all(tasks.slice(index, index + 2).map((task) => task()))));
  return results;
}
