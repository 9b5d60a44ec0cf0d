/** What the latency signal reads of a request: when it started (`RequestRecord.startedAt`), -1 when not measured. */
export interface MeasuredRequest {
  startedAt: number;
}

/** The most latencies kept per interval: past it, a uniform sample of them (reservoir sampling). */
const CAPACITY = 4096;
/** The most requests still in flight one sample looks at (the oldest first). */
const MAX_IN_FLIGHT_SAMPLED = 4096;
const latencies = new Float64Array(CAPACITY);
let seen = 0;
/** The measured requests not ended yet, oldest first (a `Set` keeps the order of insertion). */
const inFlight = new Set<MeasuredRequest>();
/** `performance.now()` when the current interval began (the last sample). */
let intervalStartedAt = 0;
/** Requests forgotten while in flight for `staleAfterMs` (their end never observed), since the count was last reset. */
let forgottenStale = 0;

/** Notes that a measured request started (`record.startedAt` set): until it ends, each sample sees its age. */
export function requestStarted(record: MeasuredRequest): void {
  inFlight.add(record);
}

/**
 * Records the latency of a request that ended (its response sent, its scope's result settled, its client
 * gone), when it was measured: only while brownout is on (`RequestRecord.startedAt` is then set) and not yet
 * recorded. No allocation.
 */
export function requestEnded(record: MeasuredRequest): void {
  const startedAt = record.startedAt;
  if (startedAt < 0) return;
  record.startedAt = -1;
  inFlight.delete(record);
  note(performance.now() - startedAt);
}

/**
 * The `percentile` (50–100) of the interval's latencies, in milliseconds, and a fresh start for the next
 * interval; `undefined` when no request ended and none was in flight across the interval. Besides the
 * requests that ended in the interval, it counts each request still in flight that started before the
 * interval began (at most the 4096 oldest), at its age so far: a lower bound of its latency. A request in
 * flight for `staleAfterMs` or longer (its end never observed: a hung handler, an abort the integration did
 * not see) is counted this once, then forgotten, so it neither stays in memory nor keeps the level up.
 */
export function takeLatencyPercentile(percentile: number, staleAfterMs = Infinity): number | undefined {
  const now = performance.now();
  let looked = 0;
  for (const record of inFlight) {
    const startedAt = record.startedAt;
    if (startedAt >= intervalStartedAt || looked++ === MAX_IN_FLIGHT_SAMPLED) break;
    note(now - startedAt);
    if (now - startedAt >= staleAfterMs) {
      forget(record);
      forgottenStale++;
    }
  }
  intervalStartedAt = now;
  const count = Math.min(seen, CAPACITY);
  seen = 0;
  if (count === 0) return undefined;
  const sorted = latencies.slice(0, count).sort();
  return sorted[Math.max(0, Math.ceil((percentile / 100) * count) - 1)];
}

/**
 * Whether the current interval has a request the next {@link takeLatencyPercentile} would count (one ended
 * in it, or one in flight since before it): the utilisation signal counts only then.
 */
export function intervalHasRequests(): boolean {
  if (seen > 0) return true;
  const oldest = inFlight.values().next();
  return oldest.done !== true && oldest.value.startedAt < intervalStartedAt;
}

/** `record`, no longer measured (a scope whose duration is no request latency, such as a subscription's wait for its next event). */
export function unmeasured<T extends MeasuredRequest>(record: T): T {
  forget(record);
  return record;
}

/** How many measured requests are in flight (for tests and the leak check). */
export function requestsInFlight(): number {
  return inFlight.size;
}

/**
 * How many requests were forgotten in flight since the last {@link resetStaleRequestCount}: in flight for
 * `staleAfterMs` without their end observed (a hung handler, an abort the integration did not see).
 */
export function staleRequestCount(): number {
  return forgottenStale;
}

/** Zeroes {@link staleRequestCount} (the registry's `resetMetrics()`). */
export function resetStaleRequestCount(): void {
  forgottenStale = 0;
}

/** Forgets every request in flight (brownout turned off: none of them is measured any more). */
export function forgetRequestsInFlight(): void {
  for (const record of inFlight) record.startedAt = -1;
  inFlight.clear();
}

/** Drops `record` from the requests in flight without recording it again when it ends. */
function forget(record: MeasuredRequest): void {
  record.startedAt = -1;
  inFlight.delete(record);
}

/** Adds one latency to the interval's sample (reservoir sampling past {@link CAPACITY}). */
function note(latencyMs: number): void {
  if (seen < CAPACITY) latencies[seen] = latencyMs;
  else {
    const slot = Math.floor(Math.random() * (seen + 1));
    if (slot < CAPACITY) latencies[slot] = latencyMs;
  }
  seen++;
}
