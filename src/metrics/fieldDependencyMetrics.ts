import { brownout } from '../brownout/brownoutState.js';
import { allDependencies } from '../core/dependencyRegistry.js';
import type { Dependency } from '../core/Dependency.js';
import { DEGRADATION_REASONS } from '../contract/DegradationReason.js';
import { endpointName } from '../counters/endpointIds.js';
import { LATENCY_BUCKETS } from '../contract/latencyBuckets.js';
import { ScrapedMetric, type Sample } from './ScrapedMetric.js';
import { CALL_OUTCOMES, DURATION_SERIES, KEY_OUTCOMES, METRIC_LABELS, METRIC_NAMES } from '../contract/metricNames.js';

function resetAll(): void {
  for (const dependency of allDependencies()) dependency.stats.reset();
}

function samples(each: (dependency: Dependency, out: Sample[]) => void): () => Sample[] {
  return () => {
    const out: Sample[] = [];
    for (const dependency of allDependencies()) each(dependency, out);
    return out;
  };
}

/** Builds the contract's metrics (`field_dependency_*`), each reading every dependency's counters at scrape time. */
export function createFieldDependencyMetrics(): ScrapedMetric[] {
  return [
    new ScrapedMetric({
      name: METRIC_NAMES.calls,
      help: 'Calls of field dependency loaders, by outcome: success, degraded (fell back), failed (critical), shed (left out by brownout).',
      type: 'counter',
      labelNames: METRIC_LABELS.calls,
      reset: resetAll,
      read: samples(({ field, owner, critical, stats }, out) => {
        const labels = { field, owner, critical: String(critical) };
        out.push({ labels: { ...labels, outcome: CALL_OUTCOMES.success }, value: stats.success });
        out.push({ labels: { ...labels, outcome: critical ? CALL_OUTCOMES.failed : CALL_OUTCOMES.degraded }, value: critical ? stats.failed : stats.degraded });
        // Shed by brownout: only while it is configured (or once it shed), and never a critical dependency.
        if (!critical && (brownout.on || stats.shed > 0)) out.push({ labels: { ...labels, outcome: CALL_OUTCOMES.shed }, value: stats.shed });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.degradations,
      help: 'Degradations (critical: failures) of field dependencies, by reason.',
      type: 'counter',
      labelNames: METRIC_LABELS.degradations,
      reset: resetAll,
      read: samples(({ field, owner, stats }, out) => {
        DEGRADATION_REASONS.forEach((reason, index) => out.push({ labels: { field, owner, reason }, value: stats.degradations[index] ?? 0 }));
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.keys,
      help: 'Keys asked of batch loaders, by outcome: ok (real data) or degraded (empty value).',
      type: 'counter',
      labelNames: METRIC_LABELS.keys,
      reset: resetAll,
      read: samples(({ field, owner, stats }, out) => {
        out.push({ labels: { field, owner, outcome: KEY_OUTCOMES.ok }, value: stats.keysOk });
        out.push({ labels: { field, owner, outcome: KEY_OUTCOMES.degraded }, value: stats.keysDegraded });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.duration,
      help: 'Latency of field dependency calls, until the value or the fallback was ready.',
      type: 'histogram',
      labelNames: METRIC_LABELS.duration,
      reset: resetAll,
      read: samples(({ field, owner, stats }, out) => {
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((bound, index) => {
          cumulative += stats.durationBuckets[index] ?? 0;
          out.push({ metricName: DURATION_SERIES.bucket, labels: { field, owner, le: bound }, value: cumulative });
        });
        out.push({ metricName: DURATION_SERIES.bucket, labels: { field, owner, le: '+Inf' }, value: stats.durationCount });
        out.push({ metricName: DURATION_SERIES.sum, labels: { field, owner }, value: stats.durationSum });
        out.push({ metricName: DURATION_SERIES.count, labels: { field, owner }, value: stats.durationCount });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.breakerState,
      help: 'Circuit breaker state per field dependency: 0 closed, 1 half-open, 2 open.',
      type: 'gauge',
      labelNames: METRIC_LABELS.breakerState,
      reset: resetAll,
      read: samples(({ field, owner, circuit, stats }, out) => {
        if (circuit !== undefined) out.push({ labels: { field, owner }, value: stats.breakerState });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.concurrencyLimit,
      help: 'The concurrency limit in force (calls in flight at once) per field dependency that has one; adaptive limits fall when the latency rises.',
      type: 'gauge',
      labelNames: METRIC_LABELS.concurrencyLimit,
      reset: () => {},
      read: samples(({ field, owner, limiter }, out) => {
        if (limiter !== undefined) out.push({ labels: { field, owner }, value: limiter.limit });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.inFlight,
      help: 'Calls in flight now per field dependency that has a concurrency limit.',
      type: 'gauge',
      labelNames: METRIC_LABELS.inFlight,
      reset: () => {},
      read: samples(({ field, owner, limiter }, out) => {
        if (limiter !== undefined) out.push({ labels: { field, owner }, value: limiter.inFlight });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.endpointCalls,
      help: 'Calls of field dependency loaders per API endpoint (route template; rare endpoints past the cap are __other__).',
      type: 'counter',
      labelNames: METRIC_LABELS.endpointCalls,
      reset: resetAll,
      read: samples(({ field, owner, stats }, out) => {
        stats.endpointCalls.forEach((value, id) => {
          if (value > 0) out.push({ labels: { field, owner, endpoint: endpointName(id) }, value });
        });
      }),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.info,
      help: 'Declared field dependencies (always 1): owner, criticality and fallback type.',
      type: 'gauge',
      labelNames: METRIC_LABELS.info,
      reset: () => {},
      read: samples(({ field, owner, critical, type }, out) => {
        out.push({ labels: { field, owner, critical: String(critical), type }, value: 1 });
      }),
    }),
  ];
}
