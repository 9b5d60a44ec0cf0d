/**
 * `field-dependency/opentelemetry`: the OpenTelemetry instrumentation of every field dependency. Needs
 * `@opentelemetry/api` and `@opentelemetry/instrumentation` (optional peer dependencies).
 */
export { FieldDependencyInstrumentation } from './FieldDependencyInstrumentation.js';
export type { FieldDependencyInstrumentationConfig } from './FieldDependencyInstrumentation.js';
export {
  CALL_DURATION,
  CALL_DEGRADATIONS,
  BREAKER_STATE,
  DECIDER_PERCENT,
  DEGRADED_EVENT,
  ATTR_FIELD,
  ATTR_OWNER,
  ATTR_OUTCOME,
  ATTR_CRITICAL,
  ATTR_ENDPOINT,
  ATTR_KEYS,
  ATTR_ERROR_TYPE,
} from './semanticConventions.js';
