import type { RequestRecord } from '../scope/RequestRecord.js';

/** The most latencies kept per interval: past it, a uniform sample of them (reservoir sampling). */
const CAPACITY = 4096;
const latencies = new Float64Array(CAPACITY);
let seen = 0;

/**
 * Records the latency of a request that ended (its response sent, its scope's result settled), when it was
 * measured: only while brownout is on (`RequestRecord.startedAt` is then set). Plain arithmetic, no allocation.
 */
export function requestEnded(record: RequestRecord): void {
  const startedAt = record.startedAt;
  if (startedAt < 0) return;
  record.startedAt = -1;
  const latencyMs = performance.now() - startedAt;
  if (seen < CAPACITY) latencies[seen] = latencyMs;
  else {
    const slot = Math.floor(Math.random() * (seen + 1));
    if (slot < CAPACITY) latencies[slot] = latencyMs;
  }
  seen++;
}

/**
 * The `percentile` (50–100) of the latencies recorded since the last call, in milliseconds, and a fresh
 * start for the next interval; `undefined` when no request ended.
 */
export function takeLatencyPercentile(percentile: number): number | undefined {
  const count = Math.min(seen, CAPACITY);
  seen = 0;
  if (count === 0) return undefined;
  const sorted = latencies.slice(0, count).sort();
  return sorted[Math.max(0, Math.ceil((percentile / 100) * count) - 1)];
}
