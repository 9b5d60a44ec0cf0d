/** A degradation reason and how often it happened. */
export interface ReasonRate {
  readonly reason: string;
  readonly perSecond: number;
}

/** One owner's line of the report. */
export interface OwnerRow {
  readonly owner: string;
  /** Calls of the owner's field dependencies per second, those the brownout shed included. */
  readonly callsPerSecond: number;
  /**
   * Degraded (or failed, for critical fields) calls / all calls but those the brownout shed (the upstream was
   * not called: not the owner's); `null` when there was no such call.
   */
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

/** A field whose calls the process's brownout shed (answered with the fallback at once, the upstream not called). */
export interface ShedRow {
  readonly owner: string;
  readonly field: string;
  /** Calls shed per second. */
  readonly perSecond: number;
  /** Shed calls / all calls of the field; `null` when Prometheus did not answer it. */
  readonly share: number | null;
}

/** A class of optional calls that the brownout admits less than all of. */
export interface BrownoutClassRow {
  /** The dependencies' tier, `3` or `2`. */
  readonly tier: string;
  /** The requests' priority, `low`, `normal` or `high`. */
  readonly priority: string;
  /** `field_dependency_brownout_admitted_ratio`: the share admitted, the lowest among the instances measured. */
  readonly admitted: number;
}

/** The brownout in force. */
export interface BrownoutState {
  /**
   * How many classes of optional calls are shed: the sum of (1 − admitted) over the classes, 0 (full service)
   * to 6 (every optional call shed), as the controller counts its level.
   */
  readonly level: number;
  /** The classes admitted below 1, least admitted first. */
  readonly classes: readonly BrownoutClassRow[];
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
  /** The fields the brownout shed calls of over the window, most shed first. */
  readonly shed: readonly ShedRow[];
  /** The brownout in force; `null` when the services publish none (brownout not configured). */
  readonly brownout: BrownoutState | null;
}
