import type { HeapGrowthResult } from './heapGrowth.js';
import { cpuCostOver, type CpuResult } from './measureCpuPerCall.js';
import { resultOf, type PerCallResult } from './measurePerCall.js';
import type { PeerId } from './peers.js';
import { medianDifference } from './sampleStats.js';
import { signedNs } from './signedNs.js';

/** Most the library with its default breaker may add to opossum `fire` alone, in ns. */
const MAX_OVER_OPOSSUM_NS = 150;
/** Most 1,000,000 failing calls may grow the heap, in bytes (after a full GC). */
const MAX_HEAP_GROWTH_BYTES = 5 * 1024 * 1024;

/** One target, checked. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** How much more one peer costs per call than another, in ns. */
export interface Cost {
  /** Median over rounds of the difference of round means. */
  readonly mean: number;
  /** Median over rounds of the difference of round medians. */
  readonly median: number;
}

/** How much more peer `id` costs per call than `baseline` (see {@link medianDifference}). */
export function costOver(results: readonly PerCallResult[], id: PeerId, baseline: PeerId): Cost {
  const peer = resultOf(results, id);
  const base = resultOf(results, baseline);
  return { mean: medianDifference(peer.roundMeans, base.roundMeans), median: medianDifference(peer.roundMedians, base.roundMedians) };
}

/**
 * The per-call targets (issue 9, issue 21), decided on CPU time per call (see `measureCpuPerCall`): without a
 * breaker, the library's overhead over the raw loader at most cockatiel `fallback`'s, judged twice: with
 * the library's two clock reads counted (over the raw loader, `raw`), and without them (over the raw
 * loader plus the same two reads, `clockReads`, measured in the same rounds); with the default breaker,
 * at most opossum `fire` + {@link MAX_OVER_OPOSSUM_NS} ns.
 */
export function perCallTargets(results: readonly CpuResult[]): TargetResult[] {
  const overhead = cpuCostOver(results, 'library', 'raw');
  const clockReads = cpuCostOver(results, 'clockReads', 'raw');
  const overheadBesideClock = cpuCostOver(results, 'library', 'clockReads');
  const cockatielOverhead = cpuCostOver(results, 'cockatielFallback', 'raw');
  const overOpossum = cpuCostOver(results, 'libraryBreaker', 'opossum');
  return [
    {
      target: '(b) CPU overhead over raw ≤ cockatiel `fallback` (d) overhead, clock reads counted',
      measured: `${overhead.toFixed(0)} ns vs ${cockatielOverhead.toFixed(0)} ns`,
      pass: overhead <= cockatielOverhead,
    },
    {
      target: '(b) the same, the two clock reads (a′ − a) not counted',
      measured: `${overheadBesideClock.toFixed(0)} ns vs ${cockatielOverhead.toFixed(0)} ns (clock reads ${clockReads.toFixed(0)} ns)`,
      pass: overheadBesideClock <= cockatielOverhead,
    },
    { target: `(c) CPU ≤ opossum \`fire\` (f) + ${MAX_OVER_OPOSSUM_NS} ns`, measured: `${signedNs(overOpossum)} ns`, pass: overOpossum <= MAX_OVER_OPOSSUM_NS },
  ];
}

/** The heap target for one run of failing calls. */
export function heapTarget(label: string, calls: number, result: HeapGrowthResult): TargetResult {
  return {
    target: `${calls.toLocaleString('en-US')} failing calls, ${label}: heap growth < ${MAX_HEAP_GROWTH_BYTES / 1024 / 1024} MB`,
    measured: `${(result.growthBytes / 1024 / 1024).toFixed(2)} MB`,
    pass: result.growthBytes < MAX_HEAP_GROWTH_BYTES,
  };
}
