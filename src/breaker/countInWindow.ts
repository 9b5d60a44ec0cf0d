import type CircuitBreaker from 'opossum';
import type { BreakerAttempt } from './createBreaker.js';

/** The counts of one bucket of opossum's rolling window that fireBreaker's lean path adds to. */
interface Bucket {
  fires: number;
  successes: number;
}

/** opossum's `Status` (`circuit.status`), as its own `fire` and `success` listeners count into it. */
interface RollingWindow {
  increment(count: 'fires' | 'successes', latencyMs?: number): void;
}

/**
 * The key under which opossum 9's `Status` keeps its buckets (the current one first): a symbol private to opossum,
 * found once by its description. `null` when it was looked for and is not there (another opossum): then the counts
 * go through `increment`.
 */
let windowKey: symbol | null | undefined;

/**
 * Counts a call in the breaker's current bucket as opossum's own `fire` (`'fires'`) or `success` (`'successes'`)
 * listener does, but without the success's latency sample: opossum pushes one per success into the bucket and,
 * rolling percentiles being off (createBreaker), never reads it, so a busy dependency grew an array of up to
 * its calls per window (memory, and time per call: BENCHMARKS.md, "Per-request loader factories"). `attempt`
 * gives that latency when the counts go through `increment`.
 */
export function countInWindow(circuit: CircuitBreaker, count: 'fires' | 'successes', attempt: BreakerAttempt): void {
  const status = circuit.status as unknown as RollingWindow;
  const bucket = currentBucket(status);
  // Each count by its own name: one property written by a computed name makes the store megamorphic.
  if (bucket !== undefined) {
    if (count === 'fires') bucket.fires++;
    else bucket.successes++;
  } else if (count === 'fires') status.increment(count);
  else status.increment(count, attempt.elapsedMs());
}

function currentBucket(status: object): Bucket | undefined {
  if (windowKey === undefined) windowKey = findWindowKey(status);
  if (windowKey === null) return undefined;
  const buckets = (status as Record<symbol, unknown>)[windowKey];
  return Array.isArray(buckets) ? (buckets[0] as Bucket | undefined) : undefined;
}

function findWindowKey(status: object): symbol | null {
  for (const key of Object.getOwnPropertySymbols(status)) {
    if (key.description !== 'window') continue;
    const buckets = (status as Record<symbol, unknown>)[key];
    const bucket = Array.isArray(buckets) ? (buckets[0] as Partial<Bucket> | undefined) : undefined;
    if (typeof bucket?.fires === 'number' && typeof bucket.successes === 'number') return key;
  }
  return null;
}
