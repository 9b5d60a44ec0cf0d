import { Bench } from 'tinybench';
import { KEYS } from './batchLoader.js';
import { collectGarbage } from './collectGarbage.js';
import type { Peer, PeerId } from './peers.js';
import { sampleStats, type SampleStats } from './sampleStats.js';

/** How long and how often {@link measurePerCall} measures. */
export interface PerCallPlan {
  /** Rounds over all peers; each round starts with the next peer, so drift spreads evenly. */
  readonly rounds: number;
  /** tinybench time budget per peer and round, in ms. */
  readonly timeMs: number;
  /** tinybench warmup per peer and round, in ms. */
  readonly warmupMs: number;
  /** Sequential awaited calls per tinybench iteration; one sample is their mean. */
  readonly callsPerSample: number;
}

/** One peer's cost per call, in nanoseconds. */
export interface PerCallResult {
  readonly peer: Peer;
  /** Over the samples of every round. */
  readonly ns: SampleStats;
  /** Each round's mean, in round order: compare peers round by round to cancel drift. */
  readonly roundMeans: readonly number[];
  /** Each round's median sample, in round order: like `roundMeans`, but blind to preemption (and to GC pauses). */
  readonly roundMedians: readonly number[];
}

/**
 * Measures every peer's time per awaited call of {@link KEYS}. One tinybench iteration makes
 * `callsPerSample` calls one after another and reports their mean, so a sample is far above the
 * timer's resolution; the peers run in a rotated order each round, with a full GC before each.
 */
export async function measurePerCall(peers: readonly Peer[], plan: PerCallPlan): Promise<PerCallResult[]> {
  const collected = peers.map((peer) => ({ peer, samples: [] as number[], roundMeans: [] as number[], roundMedians: [] as number[] }));
  for (let round = 0; round < plan.rounds; round++) {
    const bench = new Bench({
      time: plan.timeMs,
      warmupTime: plan.warmupMs,
      retainSamples: true,
      throws: true,
      setup: () => collectGarbage(),
    });
    for (let offset = 0; offset < peers.length; offset++) {
      const peer = peers[(round + offset) % peers.length] as Peer;
      bench.add(peer.label, batchOfCalls(bench, peer, plan.callsPerSample), { async: true });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`measurePerCall: '${task.name}' ended ${result.state}`);
      const entry = collected.find(({ peer }) => peer.label === task.name);
      for (const ms of result.latency.samples ?? []) entry?.samples.push(ms * 1e6);
      entry?.roundMeans.push(result.latency.mean * 1e6);
      entry?.roundMedians.push(result.latency.p50 * 1e6);
    }
  }
  return collected.map(({ peer, samples, roundMeans, roundMedians }) => ({ peer, ns: sampleStats(samples), roundMeans, roundMedians }));
}

/** The result of peer `id`. */
export function resultOf(results: readonly PerCallResult[], id: PeerId): PerCallResult {
  const found = results.find((result) => result.peer.id === id);
  if (found === undefined) throw new Error(`no result for peer '${id}'`);
  return found;
}

/** A tinybench task making `count` sequential awaited calls and reporting their mean duration. */
function batchOfCalls(bench: Bench, peer: Peer, count: number): () => Promise<{ overriddenDuration: number; overriddenIterationCost: number }> {
  const call = peer.call;
  return async () => {
    const startedAt = bench.now();
    for (let index = 0; index < count; index++) await call(KEYS);
    const elapsed = bench.now() - startedAt;
    return { overriddenDuration: elapsed / count, overriddenIterationCost: elapsed };
  };
}
