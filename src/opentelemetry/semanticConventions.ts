/**
 * The OpenTelemetry names of `field-dependency/opentelemetry`: its instruments, span event and
 * attributes, in one place. Instruments follow OpenTelemetry's naming rules (dot-separated, no unit or
 * `_total` in the name, UCUM units); the failure kind is `error.type`, as the semantic conventions ask.
 */

/** Histogram of guarded calls' durations, in seconds. */
export const CALL_DURATION = 'field_dependency.call.duration';
/** Counter of calls that degraded (non-critical) or failed (critical). */
export const CALL_DEGRADATIONS = 'field_dependency.call.degradations';
/** Observable gauge of each dependency's breaker: 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE = 'field_dependency.breaker.state';
/** Observable gauge of each dependency's decider value, the percentage of calls let through (0–100). */
export const DECIDER_PERCENT = 'field_dependency.decider.percent';

/** The span event added to the active span for each degraded or failed call. */
export const DEGRADED_EVENT = 'field_dependency.degraded';

/** The field's name. */
export const ATTR_FIELD = 'field_dependency.field';
/** The owning team. */
export const ATTR_OWNER = 'field_dependency.owner';
/** `success`, `degraded` or `failed`. */
export const ATTR_OUTCOME = 'field_dependency.outcome';
/** Whether the dependency is critical. */
export const ATTR_CRITICAL = 'field_dependency.critical';
/** The request's endpoint (route template or GraphQL operation name), inside a request scope. */
export const ATTR_ENDPOINT = 'field_dependency.endpoint';
/** The number of keys of a batch call. */
export const ATTR_KEYS = 'field_dependency.keys';
/** Why a call degraded or failed (`error`, `timeout`, `breaker_open`, …): the semantic conventions' `error.type`. */
export const ATTR_ERROR_TYPE = 'error.type';
