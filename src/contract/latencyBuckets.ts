/** Upper bounds, in seconds, of the `field_dependency_duration_seconds` histogram buckets (before `+Inf`). */
export const LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);
