import { collectGarbage } from './collectGarbage.js';

/** How many calls {@link heapGrowth} makes, and how. */
export interface HeapPlan {
  /** Calls measured. */
  readonly calls: number;
  /** Calls made before the first heap reading, so lazily built state and compiled code are not counted. */
  readonly warmupCalls: number;
  /** Calls in flight at once; each group is awaited before the next starts. */
  readonly concurrency: number;
}

/** What {@link heapGrowth} saw. */
export interface HeapGrowthResult {
  /** `heapUsed` after the calls minus before, both after a full GC, in bytes. */
  readonly growthBytes: number;
  /** Wall time per call, in nanoseconds (informative). */
  readonly nsPerCall: number;
}

/**
 * The heap left behind by `plan.calls` awaited calls of `call`: what a long-running process would
 * keep per call (a leak shows up here; garbage does not).
 */
export async function heapGrowth(call: () => Promise<unknown>, plan: HeapPlan): Promise<HeapGrowthResult> {
  await callInGroups(call, plan.warmupCalls, plan.concurrency);
  const before = settledHeapUsed();
  const startedAt = performance.now();
  await callInGroups(call, plan.calls, plan.concurrency);
  const elapsedMs = performance.now() - startedAt;
  return { growthBytes: settledHeapUsed() - before, nsPerCall: (elapsedMs * 1e6) / plan.calls };
}

async function callInGroups(call: () => Promise<unknown>, calls: number, concurrency: number): Promise<void> {
  for (let done = 0; done < calls; ) {
    const size = Math.min(concurrency, calls - done);
    await Promise.all(Array.from({ length: size }, call));
    done += size;
  }
}

/** `heapUsed` after two full GCs (the second clears what the first left to weak-map cleanup). */
function settledHeapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
