import { LABEL_NAMES } from './labelNames.js';

/**
 * The names of the metrics this library publishes: the one place they are spelled. The runtime publishes
 * them (src/metrics/), the CLI queries them (report, rules, canary), and a test fails when library code spells
 * one anywhere else. docs/metrics.md lists them with their labels.
 */
export const METRIC_PREFIX = 'field_dependency';

/** Every metric, by what it counts. */
export const METRIC_NAMES = {
  /** Calls, by `field`, `owner`, `critical`, `outcome`. */
  calls: `${METRIC_PREFIX}_calls_total`,
  /** Degradations, by `field`, `owner`, `reason`. */
  degradations: `${METRIC_PREFIX}_degradations_total`,
  /** Keys of batch calls, by `field`, `owner`, `outcome`. */
  keys: `${METRIC_PREFIX}_keys_total`,
  /** The call duration histogram, by `field`, `owner`. */
  duration: `${METRIC_PREFIX}_duration_seconds`,
  /** The breaker state gauge (0 closed, 1 half-open, 2 open), by `field`, `owner`. */
  breakerState: `${METRIC_PREFIX}_breaker_state`,
  /** Calls per endpoint, by `field`, `owner`, `endpoint`. */
  endpointCalls: `${METRIC_PREFIX}_endpoint_calls_total`,
  /** The declared dependencies (always 1), by `field`, `owner`, `critical`, `type`. */
  info: `${METRIC_PREFIX}_info`,
  /** The decider value in force, 0–100, by `field`, `owner`. */
  deciderPercent: `${METRIC_PREFIX}_decider_percent`,
  /** Decider reads that failed open, by `field`, `owner`. */
  deciderErrors: `${METRIC_PREFIX}_decider_errors_total`,
  /** Brownout: the share of optional calls admitted (1 full service, 0 all shed), by `tier`, `priority`. */
  brownoutAdmitted: `${METRIC_PREFIX}_brownout_admitted_ratio`,
  /** Brownout: the latest health sample the controller acted on, in seconds, by `signal` (see {@link BROWNOUT_SIGNALS}). */
  brownoutSignal: `${METRIC_PREFIX}_brownout_signal_seconds`,
  /**
   * Brownout: the configured target of each signal, in seconds, by `signal` (see {@link BROWNOUT_SIGNALS}):
   * `targetLatencyMs` (when set) and `maxEventLoopDelayMs`. Above its target, the controller sheds more.
   */
  brownoutTarget: `${METRIC_PREFIX}_brownout_target_seconds`,
  /** Brownout: the latest health sample the controller acted on that is a share, 0–1, by `signal`: the event-loop utilisation. */
  brownoutSignalRatio: `${METRIC_PREFIX}_brownout_signal_ratio`,
  /** Brownout: the configured target of each share signal, by `signal`: `maxEventLoopUtilization` (absent when 1: off). */
  brownoutTargetRatio: `${METRIC_PREFIX}_brownout_target_ratio`,
  /**
   * Brownout: requests the latency signal stopped measuring while still in flight, 10 × `targetLatencyMs`
   * after they started, their end never observed (a hung handler, an abort the integration did not see).
   */
  brownoutStaleRequests: `${METRIC_PREFIX}_brownout_stale_requests_total`,
  /** The concurrency limit in force (batches in flight at once), by `field`, `owner`. */
  concurrencyLimit: `${METRIC_PREFIX}_concurrency_limit`,
  /** Calls in flight now, by `field`, `owner`. */
  inFlight: `${METRIC_PREFIX}_in_flight`,
} as const;

/** The label names of each metric, in the order the exposition lists them. */
export const METRIC_LABELS = {
  calls: [LABEL_NAMES.field, LABEL_NAMES.owner, LABEL_NAMES.critical, LABEL_NAMES.outcome],
  degradations: [LABEL_NAMES.field, LABEL_NAMES.owner, LABEL_NAMES.reason],
  keys: [LABEL_NAMES.field, LABEL_NAMES.owner, LABEL_NAMES.outcome],
  duration: [LABEL_NAMES.field, LABEL_NAMES.owner],
  breakerState: [LABEL_NAMES.field, LABEL_NAMES.owner],
  endpointCalls: [LABEL_NAMES.field, LABEL_NAMES.owner, LABEL_NAMES.endpoint],
  info: [LABEL_NAMES.field, LABEL_NAMES.owner, LABEL_NAMES.critical, LABEL_NAMES.type],
  deciderPercent: [LABEL_NAMES.field, LABEL_NAMES.owner],
  deciderErrors: [LABEL_NAMES.field, LABEL_NAMES.owner],
  brownoutAdmitted: [LABEL_NAMES.tier, LABEL_NAMES.priority],
  brownoutSignal: [LABEL_NAMES.signal],
  brownoutTarget: [LABEL_NAMES.signal],
  brownoutSignalRatio: [LABEL_NAMES.signal],
  brownoutTargetRatio: [LABEL_NAMES.signal],
  brownoutStaleRequests: [],
  concurrencyLimit: [LABEL_NAMES.field, LABEL_NAMES.owner],
  inFlight: [LABEL_NAMES.field, LABEL_NAMES.owner],
} as const satisfies Record<keyof typeof METRIC_NAMES, readonly string[]>;

/**
 * The `outcome` values of {@link METRIC_NAMES.calls}: `degraded` fell back (non-critical), `failed` propagated
 * (critical), `shed` left out by the process's brownout to protect the API itself (the upstream was not
 * called and is not at fault, so `shed` does not count against its owner's degradation objective; a call
 * refused by the dependency's own concurrency limit is the upstream's slowness and counts as `degraded`).
 */
export const CALL_OUTCOMES = { success: 'success', degraded: 'degraded', failed: 'failed', shed: 'shed' } as const;

/**
 * The `signal` values of the brownout's signal and target gauges: the request latency the scopes measured and
 * the event-loop delay ({@link METRIC_NAMES.brownoutSignal}, in seconds), and the event-loop utilisation
 * ({@link METRIC_NAMES.brownoutSignalRatio}, a share).
 */
export const BROWNOUT_SIGNALS = { requestLatency: 'request_latency', eventLoopDelay: 'event_loop_delay', eventLoopUtilization: 'event_loop_utilization' } as const;

/** The `outcome` values of {@link METRIC_NAMES.keys}: `ok` real data, `degraded` the empty value. */
export const KEY_OUTCOMES = { ok: 'ok', degraded: 'degraded' } as const;

/** The series of the duration histogram, as the exposition names them. */
export const DURATION_SERIES = {
  bucket: `${METRIC_NAMES.duration}_bucket`,
  sum: `${METRIC_NAMES.duration}_sum`,
  count: `${METRIC_NAMES.duration}_count`,
} as const;

/** The label matcher of the calls that count against the degradation objective: degraded, or failed (critical). */
export const DEGRADED_OUTCOMES = `${LABEL_NAMES.outcome}=~"${CALL_OUTCOMES.degraded}|${CALL_OUTCOMES.failed}"`;

/** The label matcher of the calls that failed the request (a critical dependency's failures). */
export const FAILED_OUTCOME = `${LABEL_NAMES.outcome}="${CALL_OUTCOMES.failed}"`;

/** The label matcher of the series of critical dependencies. */
export const CRITICAL_ONLY = `${LABEL_NAMES.critical}="true"`;

/**
 * The label matcher of the calls the degradation objective is a share of: every outcome but `shed`. The
 * degradation ratio is {@link DEGRADED_OUTCOMES} over these. A call the process's brownout shed never reached
 * the upstream: counted as good, it would dilute the owner's ratio exactly when the API is overloaded (80% of
 * calls shed would make a 10% failure rate of the calls the upstream did get look like 2%); counted as bad,
 * it would page the upstream's owner for the API's own capacity.
 */
export const OBJECTIVE_OUTCOMES = `${LABEL_NAMES.outcome}!="${CALL_OUTCOMES.shed}"`;

/** The label matcher of the calls the process's brownout shed (no upstream call, the fallback at once). */
export const SHED_OUTCOME = `${LABEL_NAMES.outcome}="${CALL_OUTCOMES.shed}"`;
