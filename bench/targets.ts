import type { HeapGrowthResult } from './heapGrowth.js';
import { resultOf, type PerCallResult } from './measurePerCall.js';
import type { PeerId } from './peers.js';
import { medianDifference } from './sampleStats.js';

/** Most the library may add to a raw call without a breaker, in ns. */
const MAX_OVERHEAD_NS = 250;
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
 * The per-call targets, decided on means (a mean includes the GC work a peer's garbage causes); the
 * median-based figure is shown beside it because, unlike the mean, it survives a loaded machine.
 */
export function perCallTargets(results: readonly PerCallResult[]): TargetResult[] {
  const overhead = costOver(results, 'library', 'raw');
  const cockatielOverhead = costOver(results, 'cockatielFallback', 'raw');
  const overOpossum = costOver(results, 'libraryBreaker', 'opossum');
  return [
    { target: `(b) overhead over raw ≤ ${MAX_OVERHEAD_NS} ns`, measured: cost(overhead), pass: overhead.mean <= MAX_OVERHEAD_NS },
    {
      target: '(b) overhead below cockatiel `fallback` (d) overhead',
      measured: `${cost(overhead)} vs ${cost(cockatielOverhead)}`,
      pass: overhead.mean < cockatielOverhead.mean,
    },
    { target: `(c) ≤ ${MAX_OVER_OPOSSUM_NS} ns over opossum \`fire\` (f)`, measured: cost(overOpossum), pass: overOpossum.mean <= MAX_OVER_OPOSSUM_NS },
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

/** `412 ns (p50: 388 ns)`. */
function cost({ mean, median }: Cost): string {
  return `${mean.toFixed(0)} ns (p50: ${median.toFixed(0)} ns)`;
}
