import { METRIC_PREFIX } from '../../src/contract/metricNames.js';
/**
 * Names of the series the recording rules write (`level:metric:operations`, the Prometheus convention).
 * The alerts, the dashboard and the README read these names.
 */
export const RECORDED_SERIES = Object.freeze({
  /** Calls per second of each owner's dependencies, over `window`. */
  ownerCallRate: (window: string): string => `owner:${METRIC_PREFIX}_calls:rate${window}`,
  /** Degraded (or failed) calls / the calls the objective counts (all but `shed`) of each owner, over `window`. */
  ownerDegradationRatio: (window: string): string => `owner:${METRIC_PREFIX}_degradation:ratio_rate${window}`,
  /** Calls per second of each field, over `window`. */
  fieldCallRate: (window: string): string => `owner_field:${METRIC_PREFIX}_calls:rate${window}`,
  /** Degraded (or failed) calls / the calls the objective counts (all but `shed`) of each field, over `window`. */
  fieldDegradationRatio: (window: string): string => `owner_field:${METRIC_PREFIX}_degradation:ratio_rate${window}`,
  /** 99th percentile latency of each field over 5 minutes, from the `field_dependency_duration_seconds` histogram. */
  /** Calls per second of each field that the process's brownout shed, over 5 minutes. */
  fieldShedRate: `owner_field:${METRIC_PREFIX}_calls_shed:rate5m`,
  fieldLatencyP99: `owner_field:${METRIC_PREFIX}_duration_seconds:p99_rate5m`,
});

/**
 * The outcomes that count against the objective, `degraded` (fell back) and `failed` (critical), and the
 * calls the objective is a share of (all but `shed`).
 */
export { DEGRADED_OUTCOMES, OBJECTIVE_OUTCOMES } from '../../src/contract/metricNames.js';
