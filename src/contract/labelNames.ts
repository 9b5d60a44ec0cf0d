/**
 * The label names of the metrics this library publishes: the one place they are spelled. `METRIC_LABELS`
 * (metricNames.ts) says which metric carries which; the CLI writes them into its PromQL and alert text
 * (rules, report, canary) from here, and a test fails when library code spells one in PromQL anywhere else.
 */
export const LABEL_NAMES = {
  /** The dependency's field name (its `name` option, or the name its site gives it). */
  field: 'field',
  /** The team that owns the dependency (its `owner` option). */
  owner: 'owner',
  /** `true` for a critical dependency (its failures fail the request), `false` otherwise. */
  critical: 'critical',
  /** How a call or a batch key ended: `CALL_OUTCOMES`, `KEY_OUTCOMES`. */
  outcome: 'outcome',
  /** Why a dependency degraded: a `DegradationReason`. */
  reason: 'reason',
  /** The endpoint (route or GraphQL operation) that called the dependency, capped per source. */
  endpoint: 'endpoint',
  /** The dependency's fallback type (`type` option). */
  type: 'type',
  /** Brownout: the dependency tier shed (`SHEDDABLE_TIERS`). */
  tier: 'tier',
  /** Brownout: the request priority (`REQUEST_PRIORITIES`). */
  priority: 'priority',
  /** Brownout: the health signal sampled (`BROWNOUT_SIGNALS`). */
  signal: 'signal',
} as const;
