import { REASON_INDEX } from '../counters/DependencyStats.js';
import type { DegradationReason } from '../contract/DegradationReason.js';
import { degradedChannel } from '../events/degradedChannel.js';
import type { Call } from './Call.js';

/**
 * Step 7 of a call: counts it. Plain arithmetic on the dependency's counters (published when the
 * registry is scraped), the request's record, and a diagnostics-channel message only when somebody listens.
 */

/** Records a call that delivered its value (`degradedKeys` > 0 for a partial batch, reason `partial`). */
export function recordSuccess(call: Call, okKeys: number, degradedKeys: number): void {
  const { dependency } = call.guard;
  const stats = dependency.stats;
  const endedAt = (call.endedAt = performance.now());
  stats.observeDuration((endedAt - call.startedAt) / 1000);
  if (call.request !== undefined) stats.countEndpoint(call.request.endpointId);
  if (call.others !== undefined) for (const other of call.others) stats.countEndpoint(other.endpointId);
  stats.keysOk += okKeys;
  stats.keysDegraded += degradedKeys;
  if (degradedKeys === 0) {
    stats.success++;
    if (call.trace !== undefined) call.trace.outcome = 'success';
  } else recordReason(call, 'partial');
}

/**
 * Records a call that degraded to the fallback, or failed if critical, for `reason`; `shed`: it was shed by
 * brownout (outcome `shed`, which does not count against the upstream owner's degradation objective).
 */
export function recordFailure(call: Call, reason: DegradationReason, keyCount: number, shed = false): void {
  const stats = call.guard.dependency.stats;
  // A call brownout shed never reached the upstream: its ~0 s is no latency of it (a shedding canary would look faster).
  if (!shed) {
    const endedAt = (call.endedAt = performance.now());
    stats.observeDuration((endedAt - call.startedAt) / 1000);
  }
  if (call.request !== undefined) stats.countEndpoint(call.request.endpointId);
  if (call.others !== undefined) for (const other of call.others) stats.countEndpoint(other.endpointId);
  stats.keysDegraded += keyCount;
  recordReason(call, reason, shed);
}

/** Publishes a degradation on the `field-dependency:degraded` channel, if anybody listens. */
export function publishDegradation(call: Call, reason: DegradationReason, error: unknown, keys: readonly unknown[] | undefined, fallbackError?: unknown): void {
  if (!degradedChannel.hasSubscribers) return;
  const { field, owner, critical } = call.guard.dependency;
  degradedChannel.publish({
    field,
    owner,
    critical,
    reason,
    error,
    keys,
    endpoint: call.request?.endpoint,
    ...(fallbackError === undefined ? {} : { fallbackError }),
  });
}

function recordReason(call: Call, reason: DegradationReason, shed = false): void {
  const dependency = call.guard.dependency;
  const stats = dependency.stats;
  call.reason = reason;
  (stats.degradations[REASON_INDEX[reason]] as number)++;
  if (shed) stats.shed++;
  else if (dependency.critical) stats.failed++;
  else stats.degraded++;
  call.request?.note(dependency.field, dependency.owner, reason);
  if (call.others !== undefined) for (const other of call.others) other.note(dependency.field, dependency.owner, reason);
  if (call.trace !== undefined) {
    call.trace.outcome = shed ? 'shed' : dependency.critical ? 'failed' : 'degraded';
    call.trace.reason = reason;
  }
}
