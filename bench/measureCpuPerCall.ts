import { KEYS } from './batchLoader.js';
import type { Peer, PeerId } from './peers.js';
import { medianDifference, sampleStats } from './sampleStats.js';

/** How {@link measureCpuPerCall} measures. */
export interface CpuPlan {
  /** Rounds over all peers; each round starts with the next peer. */
  readonly rounds: number;
  /** Sequential awaited calls per peer and round. */
  readonly callsPerRound: number;
}

/** One peer's CPU time per call, in nanoseconds, one value per round. */
export interface CpuResult {
  readonly peer: Peer;
  readonly roundNs: readonly number[];
  /** Median over rounds. */
  readonly medianNs: number;
}

/**
 * Measures the CPU time (user + system, `process.cpuUsage()`) each peer spends per awaited call, in
 * alternating rounds. Unlike wall time, CPU time does not count the time other processes hold the CPU,
 * so it stays comparable on a shared, loaded machine (it still grows with cache and frequency effects
 * of the load, which hit every peer of a round alike). No forced GC between rounds: a full `gc()`
 * lets V8 drop compiled code, and each round would then measure the JIT warming up again (a wrapper
 * made of more functions pays more for that); the collections a peer's own garbage causes still count.
 */
export async function measureCpuPerCall(peers: readonly Peer[], plan: CpuPlan): Promise<CpuResult[]> {
  const rounds = new Map<Peer, number[]>(peers.map((peer) => [peer, []]));
  for (const peer of peers) for (let index = 0; index < plan.callsPerRound; index++) await peer.call(KEYS);
  for (let round = 0; round < plan.rounds; round++) {
    for (let offset = 0; offset < peers.length; offset++) {
      const peer = peers[(round + offset) % peers.length] as Peer;
      const call = peer.call;
      const before = process.cpuUsage();
      for (let index = 0; index < plan.callsPerRound; index++) await call(KEYS);
      const used = process.cpuUsage(before);
      rounds.get(peer)?.push(((used.user + used.system) * 1000) / plan.callsPerRound);
    }
  }
  return peers.map((peer) => {
    const roundNs = rounds.get(peer) ?? [];
    return { peer, roundNs, medianNs: sampleStats(roundNs).p50 };
  });
}

/** How much more CPU time peer `id` takes per call than `baseline`: the median over rounds of the difference. */
export function cpuCostOver(results: readonly CpuResult[], id: PeerId, baseline: PeerId): number {
  const of = (wanted: PeerId): CpuResult => {
    const found = results.find((result) => result.peer.id === wanted);
    if (found === undefined) throw new Error(`no CPU result for peer '${wanted}'`);
    return found;
  };
  return medianDifference(of(id).roundNs, of(baseline).roundNs);
}
