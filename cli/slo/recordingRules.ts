import { RATE_WINDOWS } from './burnRateAlerts.js';
import { ownerMatchers, selector } from './ownerMatchers.js';
import { DEGRADED_OUTCOMES, OBJECTIVE_OUTCOMES, RECORDED_SERIES } from './recordedSeries.js';
import type { PrometheusRuleGroup } from './PrometheusRuleGroup.js';
import type { SloSettings } from './SloSettings.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { DURATION_SERIES, METRIC_NAMES, SHED_OUTCOME } from '../../src/contract/metricNames.js';

const CALLS = METRIC_NAMES.calls;
const { owner: OWNER, field: FIELD } = LABEL_NAMES;

/**
 * The recording rules: per owner and per field, the call rate and the degradation ratio over every
 * window the alerts read ({@link RATE_WINDOWS}), and per field the p99 latency and the rate of calls the
 * brownout shed over 5 minutes.
 *
 * The degradation ratio is `field_dependency_calls_total` with `outcome` `degraded` or `failed`, over all
 * of it but `shed`: the share of the calls offered to the upstream whose value was replaced by the fallback
 * (or, for a critical dependency, that failed the request). A call the process's brownout shed is in
 * neither: the upstream was not called and is not at fault (the brownout alert is the API owner's), and
 * kept in the denominator it would dilute the ratio of a failing upstream while the API browns out. The call
 * rate counts every call, shed ones included. With no calls in the window the ratio is NaN, which no alert
 * threshold matches.
 */
export function recordingRuleGroups(settings: SloSettings): PrometheusRuleGroup[] {
  const owners = ownerMatchers(settings);
  const calls = selector(CALLS, owners);
  const degradedCalls = selector(CALLS, [...owners, DEGRADED_OUTCOMES]);
  const objectiveCalls = selector(CALLS, [...owners, OBJECTIVE_OUTCOMES]);
  const rates = (by: string, window: string) => ({
    rate: `sum by (${by}) (rate(${calls}[${window}]))`,
    ratio: `sum by (${by}) (rate(${degradedCalls}[${window}]))\n/\nsum by (${by}) (rate(${objectiveCalls}[${window}]))`,
  });
  return [
    {
      name: 'field-dependency.owner',
      rules: RATE_WINDOWS.flatMap((window) => [
        { record: RECORDED_SERIES.ownerCallRate(window), expr: rates(OWNER, window).rate },
        { record: RECORDED_SERIES.ownerDegradationRatio(window), expr: rates(OWNER, window).ratio },
      ]),
    },
    {
      name: 'field-dependency.field',
      rules: [
        ...RATE_WINDOWS.flatMap((window) => [
          { record: RECORDED_SERIES.fieldCallRate(window), expr: rates(`${OWNER}, ${FIELD}`, window).rate },
          { record: RECORDED_SERIES.fieldDegradationRatio(window), expr: rates(`${OWNER}, ${FIELD}`, window).ratio },
        ]),
        {
          record: RECORDED_SERIES.fieldLatencyP99,
          expr: `histogram_quantile(0.99, sum by (${OWNER}, ${FIELD}, le) (rate(${selector(DURATION_SERIES.bucket, owners)}[5m])))`,
        },
        { record: RECORDED_SERIES.fieldShedRate, expr: `sum by (${OWNER}, ${FIELD}) (rate(${selector(CALLS, [...owners, SHED_OUTCOME])}[5m]))` },
      ],
    },
  ];
}
