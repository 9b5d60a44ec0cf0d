export { fieldDependency, FIELD_DEPENDENCY_METADATA_KEY } from './fieldDependency.js';
export type { FieldDependency, FitsFallback, FallbackTypeMismatch, AlignedKeysMismatch } from './fieldDependency.js';
export type { FallbackType, ScalarFallbackType, EmptyValueConstructor, EmptyValueOf, FallbackValueOf } from './fallback/FallbackType.js';
export { DEFAULT_BREAKER_OPTIONS } from './options/FieldDependencyOptions.js';
export type { FieldDependencyOptions, BreakerOptions, ConcurrencyLimit, AdaptiveConcurrencyLimit } from './options/FieldDependencyOptions.js';
export { fieldDependencyOf } from './core/fieldDependencyOf.js';
export type { DependencyDeclaration } from './core/DependencyDeclaration.js';
export { disableDependency, enableDependency } from './core/dependencyControl.js';
export { shutdownFieldDependencies } from './shutdownFieldDependencies.js';

export { FieldDependencyError, isFieldDependencyError } from './errors/FieldDependencyError.js';
export type { FieldDependencyErrorCode } from './errors/FieldDependencyError.js';
export { DependencyTimeoutError, isDependencyTimeoutError } from './errors/DependencyTimeoutError.js';
export { InvalidResultError, isInvalidResultError } from './errors/InvalidResultError.js';
export { BreakerOpenError, isBreakerOpenError } from './errors/BreakerOpenError.js';
export { DependencyDisabledError, isDependencyDisabledError } from './errors/DependencyDisabledError.js';
export type { RefusingDecider } from './errors/DependencyDisabledError.js';
export { DependencyShedError, isDependencyShedError } from './errors/DependencyShedError.js';
export type { ShedBy } from './errors/DependencyShedError.js';
export type { DependencyTier, RequestPriority } from './contract/brownoutClasses.js';
export { DEGRADATION_REASONS } from './contract/DegradationReason.js';
export type { DegradationReason } from './contract/DegradationReason.js';

export { degradationScope, currentDegradations } from './scope/degradationScope.js';
export type { Degradation, DegradationScopeOptions } from './scope/degradationScope.js';
export { currentSignal } from './scope/currentSignal.js';
export { DEGRADED_CHANNEL } from './events/degradedChannel.js';
export type { DegradationEvent } from './events/degradedChannel.js';
export { CALL_CHANNEL } from './events/callChannel.js';
export type { CallTraceContext, CallOutcome } from './events/callChannel.js';

export { configure, metricsRegistry } from './metrics/metricsRegistry.js';
export type { DeciderClient, DeciderEvaluation, DeciderEventHandler } from './deciders/DeciderClient.js';
export type { ConfigureOptions } from './metrics/metricsRegistry.js';
export { DEFAULT_BROWNOUT_OPTIONS } from './brownout/BrownoutOptions.js';
export type { BrownoutOptions } from './brownout/BrownoutOptions.js';
export { LATENCY_BUCKETS } from './contract/latencyBuckets.js';
export { OTHER_ENDPOINT, UNMATCHED_ENDPOINT } from './contract/endpointSentinels.js';

export { evictDegradedKeys, clearDegradedKeys } from './dataloader/evictDegradedKeys.js';
export { batchFromMap } from './dataloader/batchFromMap.js';
export { degradedKeysOf } from './dataloader/degradedKeys.js';
export type { DegradedKeys } from './dataloader/degradedKeys.js';

export { fieldDependencyExpress } from './integrations/express.js';
export { fieldDependencyFastify } from './integrations/fastify.js';
export { DEGRADED_FIELDS_HEADER } from './integrations/degradedFieldsHeader.js';
export { MAX_DEGRADED_FIELDS_HEADER_BYTES } from './integrations/maxDegradedFieldsHeaderBytes.js';
export { MAX_NAME_LENGTH } from './options/maxNameLength.js';
export type { FrameworkHelperOptions, FrameworkScopeOptions } from './integrations/degradedFieldsHeader.js';
