import { circuitBreaker, fallback, handleAll, SamplingBreaker, wrap } from 'cockatiel';
import CircuitBreaker from 'opossum';
import { Counter, Histogram, Registry } from 'prom-client';
import { fieldDependency } from '../src/index.js';
import { LATENCY_BUCKETS } from '../src/contract/latencyBuckets.js';
import { DEFAULT_BREAKER_OPTIONS } from '../src/options/FieldDependencyOptions.js';
import { batchLoader, emptyBatch, KEYS } from './batchLoader.js';

/** One way of calling {@link batchLoader}, measured side by side with the others. */
export interface Peer {
  /** Short id used by the targets (`raw`, `library`, …). */
  readonly id: PeerId;
  /** The row's label in the table. */
  readonly label: string;
  /** Calls the loader once through this peer. */
  readonly call: (keys: readonly number[]) => Promise<unknown>;
}

/** The peers, in table order. */
export type PeerId = 'raw' | 'clockReads' | 'library' | 'libraryBreaker' | 'cockatielFallback' | 'cockatielBreaker' | 'opossum' | 'promClient';

/** This library without a breaker (`breaker: false`). */
export const libraryWithoutBreaker = fieldDependency([Number], { owner: 'bench', name: 'without_breaker', breaker: false })(batchLoader);

/** This library with its default breaker. */
export const libraryWithBreaker = fieldDependency([Number], { owner: 'bench', name: 'with_breaker' })(batchLoader);

/**
 * opossum configured as this library configures its own breaker (`createBreaker`): the same
 * thresholds, opossum's timeout, rolling percentiles and snapshots off. The difference to
 * `libraryBreaker` is then the library's own cost, not a difference in settings.
 */
const opossumBreaker = new CircuitBreaker(batchLoader, {
  ...DEFAULT_BREAKER_OPTIONS,
  timeout: false,
  rollingPercentilesEnabled: false,
  enableSnapshots: false,
});
opossumBreaker.fallback(emptyBatch);

/** cockatiel's fallback policy alone, answering any failure with a fresh empty batch. */
const cockatielFallback = fallback(handleAll, () => emptyBatch(KEYS));

/** cockatiel's closest equivalent of the default breaker: open at 50 % failures over 10 s, at least 20 calls. */
const cockatielBreaker = wrap(
  cockatielFallback,
  circuitBreaker(handleAll, {
    halfOpenAfter: DEFAULT_BREAKER_OPTIONS.resetTimeout,
    breaker: new SamplingBreaker({
      threshold: DEFAULT_BREAKER_OPTIONS.errorThresholdPercentage / 100,
      duration: DEFAULT_BREAKER_OPTIONS.rollingCountTimeout,
      minimumRps: DEFAULT_BREAKER_OPTIONS.volumeThreshold / (DEFAULT_BREAKER_OPTIONS.rollingCountTimeout / 1000),
    }),
  }),
);

/** What users write without this library: a prom-client Histogram observe and Counter inc per call. */
const promRegistry = new Registry();
const promLabels = { field: 'hand_instrumented', owner: 'bench' };
const promDuration = new Histogram({
  name: 'bench_loader_duration_seconds',
  help: 'Loader latency',
  labelNames: ['field', 'owner'],
  buckets: [...LATENCY_BUCKETS],
  registers: [promRegistry],
});
const promCalls = new Counter({ name: 'bench_loader_calls_total', help: 'Loader calls', labelNames: ['field', 'owner'], registers: [promRegistry] });

async function promInstrumented(keys: readonly number[]): Promise<number[]> {
  const startedAt = performance.now();
  try {
    return await batchLoader(keys);
  } finally {
    promDuration.observe(promLabels, (performance.now() - startedAt) / 1000);
    promCalls.inc(promLabels);
  }
}

/** Where {@link withClockReads} leaves its reading, so that the reads cannot be optimised away. */
export let lastClockReading = 0;

/**
 * The raw loader plus the two `performance.now()` reads the library makes per call (its start, and its
 * duration for `field_dependency_duration_seconds`), read the same way: so the clock's own cost is
 * measured in the same rounds as the peers, not assumed. Both reads are synchronous here (no promise turn added).
 */
function withClockReads(keys: readonly number[]): Promise<number[]> {
  const startedAt = performance.now();
  const answer = batchLoader(keys);
  lastClockReading = (performance.now() - startedAt) / 1000;
  return answer;
}

/** Every peer, raw loader first. */
export const PEERS: readonly Peer[] = [
  { id: 'raw', label: '(a) raw loader', call: batchLoader },
  { id: 'clockReads', label: '(a′) raw loader + two `performance.now()` reads', call: withClockReads },
  { id: 'library', label: '(b) field-dependency, `breaker: false`', call: libraryWithoutBreaker },
  { id: 'libraryBreaker', label: '(c) field-dependency, default breaker', call: libraryWithBreaker },
  { id: 'cockatielFallback', label: '(d) cockatiel `fallback`', call: (keys) => cockatielFallback.execute(() => batchLoader(keys)) },
  { id: 'cockatielBreaker', label: '(e) cockatiel `wrap(fallback, circuitBreaker)`', call: (keys) => cockatielBreaker.execute(() => batchLoader(keys)) },
  { id: 'opossum', label: '(f) opossum `fire` + `fallback`', call: (keys) => opossumBreaker.fire(keys) },
  { id: 'promClient', label: '(g) prom-client Histogram + Counter by hand', call: promInstrumented },
];

/** Stops the breakers' rolling-window timers. */
export function shutdownPeers(): void {
  opossumBreaker.shutdown();
}
