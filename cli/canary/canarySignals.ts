import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { CRITICAL_ONLY, DEGRADED_OUTCOMES, DURATION_SERIES, FAILED_OUTCOME, METRIC_NAMES, OBJECTIVE_OUTCOMES, SHED_OUTCOME } from '../../src/contract/metricNames.js';
/** The signals a canary is judged on, per owner and per field. */
export type CanarySignalName = 'degradation' | 'criticalFailure' | 'latencyP99' | 'brownoutShed';

/** A signal: what it measures, how to query it for one fleet, and how much worse counts as a regression. */
export interface CanarySignal {
  readonly name: CanarySignalName;
  /** For the text output: `degradation ratio`, … */
  readonly title: string;
  /** How a value prints: a ratio as a percentage, a latency in milliseconds. */
  readonly unit: 'ratio' | 'seconds';
  /**
   * The smallest rise of the mean (canary − baseline) that can be a regression, in the signal's unit, so
   * that a statistically clear but negligible rise (0.02 percentage points, 2 ms) passes.
   */
  readonly minimumRise: number;
  /** A `high` classification of this signal fails the run whatever the score. */
  readonly failsRun: boolean;
  /** The PromQL of the signal for one fleet (`selector`), aggregated `by` the given labels, with rates over `rateWindow`. */
  query(selector: string, by: SignalGrouping, rateWindow: string): string;
}

/** The levels a signal is judged at, as the label lists of its queries' `by (…)`: per owner, and per field of an owner. */
export const SIGNAL_GROUPINGS = { owner: LABEL_NAMES.owner, field: `${LABEL_NAMES.owner}, ${LABEL_NAMES.field}` } as const;

/** A {@link SIGNAL_GROUPINGS} value. */
export type SignalGrouping = (typeof SIGNAL_GROUPINGS)[keyof typeof SIGNAL_GROUPINGS];

const CALLS = METRIC_NAMES.calls;

/** `matchers` joined with the fleet's selector into one `{…}`. */
function select(metric: string, selector: string, ...matchers: string[]): string {
  return `${metric}{${[selector, ...matchers].join(', ')}}`;
}

/**
 * A ratio of call rates that is 0, not absent, when the numerator has no series (no call ever failed), and
 * NaN (a step left out) when there was no call at all.
 */
function ratio(numerator: string, denominator: string, by: string, rateWindow: string): string {
  const all = `sum by (${by}) (rate(${denominator}[${rateWindow}]))`;
  return `(sum by (${by}) (rate(${numerator}[${rateWindow}])) or 0 * ${all})\n/\n${all}`;
}

/** The signals, in the order the output lists them. */
export const CANARY_SIGNALS: readonly CanarySignal[] = Object.freeze([
  {
    name: 'degradation',
    title: 'degradation ratio',
    unit: 'ratio',
    minimumRise: 0.005,
    failsRun: false,
    // a share of the calls the objective counts: a call shed by brownout is neither good nor bad (OBJECTIVE_OUTCOMES)
    query: (selector, by, rateWindow) => ratio(select(CALLS, selector, DEGRADED_OUTCOMES), select(CALLS, selector, OBJECTIVE_OUTCOMES), by, rateWindow),
  },
  {
    name: 'criticalFailure',
    title: 'critical failure ratio',
    unit: 'ratio',
    minimumRise: 0.001,
    failsRun: true,
    query: (selector, by, rateWindow) =>
      ratio(select(CALLS, selector, CRITICAL_ONLY, FAILED_OUTCOME), select(CALLS, selector, CRITICAL_ONLY), by, rateWindow),
  },
  {
    name: 'latencyP99',
    title: 'p99 latency',
    unit: 'seconds',
    minimumRise: 0.01,
    failsRun: false,
    query: (selector, by, rateWindow) =>
      `histogram_quantile(0.99, sum by (${by}, le) (rate(${select(DURATION_SERIES.bucket, selector)}[${rateWindow}])))`,
  },
  {
    // the canary's own capacity: a build that browns out more than its baseline costs more CPU or latency per
    // request, and its users lose optional fields that the baseline's users get
    name: 'brownoutShed',
    title: 'brownout shed ratio',
    unit: 'ratio',
    minimumRise: 0.01,
    failsRun: false,
    query: (selector, by, rateWindow) => ratio(select(CALLS, selector, SHED_OUTCOME), select(CALLS, selector), by, rateWindow),
  },
]);

/**
 * The call rates of one fleet by owner, field, criticality and outcome: the CLI computes the three ratio
 * signals from this one query (the same ratios as the signals' `query`, summed per owner or per field on
 * its side), so Prometheus reads the counters once instead of once per ratio and level.
 */
export function callRatesQuery(selector: string, rateWindow: string): string {
  const { owner, field, critical, outcome } = LABEL_NAMES;
  return `sum by (${owner}, ${field}, ${critical}, ${outcome}) (rate(${select(CALLS, selector)}[${rateWindow}]))`;
}

/** The call counter for one fleet, to check that a selector matches anything. */
export function callsSelector(selector: string): string {
  return select(CALLS, selector);
}
