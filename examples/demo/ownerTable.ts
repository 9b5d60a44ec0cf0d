import type { Registry } from 'prom-client';

/** A breaker state, from `field_dependency_breaker_state` (0 closed, 1 half-open, 2 open). */
export type BreakerStateName = 'closed' | 'half-open' | 'open';

/** One owner's line of the report, as an SRE would read it. */
export interface OwnerRow {
  readonly owner: string;
  /** Calls of the owner's loaders. */
  readonly calls: number;
  /** Calls that fell back to an empty value (non-critical fields). */
  readonly degraded: number;
  /** Calls that failed (critical fields). */
  readonly failed: number;
  /** Degradations and failures by reason, most frequent first. */
  readonly reasons: readonly (readonly [reason: string, count: number])[];
  /** The worst breaker state among the owner's fields; `undefined` when none has a breaker. */
  readonly breaker: BreakerStateName | undefined;
}

const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'half-open', 'open'];

/**
 * The per-owner table, computed from what the prom-client registry exposes (the same samples
 * Prometheus would scrape), in the order owners first appear.
 */
export async function ownerTable(registry: Registry): Promise<OwnerRow[]> {
  const metrics = await registry.getMetricsAsJSON();
  const samples = (name: string) => metrics.find((metric) => metric.name === name)?.values ?? [];
  const rows = new Map<string, { calls: number; degraded: number; failed: number; reasons: Map<string, number>; breaker: number | undefined }>();
  const row = (owner: unknown) => {
    const key = String(owner);
    let found = rows.get(key);
    if (found === undefined) rows.set(key, (found = { calls: 0, degraded: 0, failed: 0, reasons: new Map(), breaker: undefined }));
    return found;
  };

  for (const { labels, value } of samples('field_dependency_calls_total')) {
    const owner = row(labels.owner);
    owner.calls += value;
    if (labels.outcome === 'degraded') owner.degraded += value;
    if (labels.outcome === 'failed') owner.failed += value;
  }
  for (const { labels, value } of samples('field_dependency_degradations_total')) {
    const reasons = row(labels.owner).reasons;
    const reason = String(labels.reason);
    if (value > 0) reasons.set(reason, (reasons.get(reason) ?? 0) + value);
  }
  for (const { labels, value } of samples('field_dependency_breaker_state')) {
    const owner = row(labels.owner);
    owner.breaker = Math.max(owner.breaker ?? 0, value);
  }

  return [...rows].map(([owner, { calls, degraded, failed, reasons, breaker }]) => ({
    owner,
    calls,
    degraded,
    failed,
    reasons: [...reasons].sort((a, b) => b[1] - a[1]),
    breaker: breaker === undefined ? undefined : BREAKER_STATES[breaker],
  }));
}
