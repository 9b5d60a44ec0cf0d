/** A degradation reason and how often it happened. */
export interface ReasonRate {
  readonly reason: string;
  readonly perSecond: number;
}

/** One owner's line of the report. */
export interface OwnerRow {
  readonly owner: string;
  /** Calls of the owner's field dependencies per second. */
  readonly callsPerSecond: number;
  /** Degraded (or failed, for critical fields) calls / all calls; `null` when there was no call. */
  readonly degradedRatio: number | null;
  /** The most frequent degradation reasons, most frequent first (at most 3). */
  readonly topReasons: readonly ReasonRate[];
  /** The owner's fields whose circuit breaker is open. */
  readonly openBreakers: readonly string[];
  /** Failed calls of the owner's critical fields per second. */
  readonly criticalFailuresPerSecond: number;
}

/** A field whose decider lets less than 100% of its calls through (the rest answer with the fallback, reason `disabled`). */
export interface DeciderRow {
  readonly owner: string;
  readonly field: string;
  /** `field_dependency_decider_percent`: the lowest value among the instances measured. */
  readonly percent: number;
}

/** What `field-dependency report` prints: one row per owner, worst first. */
export interface OwnerReport {
  /** Where the numbers come from: the `/metrics` URL or the Prometheus server. */
  readonly source: string;
  /** The window the rates are computed over, in seconds. */
  readonly windowSeconds: number;
  /** Sorted by degraded ratio (highest first, owners without calls last), then calls per second, then name. */
  readonly owners: readonly OwnerRow[];
  /** Fields whose decider is below 100, lowest first: switched off (0) or gated to a percentage. */
  readonly deciders: readonly DeciderRow[];
}
