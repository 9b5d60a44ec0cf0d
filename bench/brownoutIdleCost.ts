import { configure, degradationScope } from '../src/index.js';
import { KEYS } from './batchLoader.js';
import type { CpuPlan } from './measureCpuPerCall.js';
import { libraryWithoutBreaker } from './peers.js';
import { medianDifference, sampleStats } from './sampleStats.js';

/** What brownout on but idle costs, CPU ns: per call (no request scope) and per request (a scope and one call). */
export interface BrownoutIdleCost {
  readonly callOffNs: number;
  readonly callOnNs: number;
  /** The median over rounds of (on − off), per call: the figure the target reads. */
  readonly callAddedNs: number;
  readonly requestOffNs: number;
  readonly requestOnNs: number;
  /** The median over rounds of (on − off), per request. */
  readonly requestAddedNs: number;
}

/** Brownout off, or on with an interval no round reaches (level 0: idle, as on a healthy API). */
const SETTINGS = {
  off: () => configure({ brownout: false }),
  on: () => configure({ brownout: { targetLatencyMs: 250, intervalMs: 60_000 } }),
} as const;

/**
 * Brownout's cost while the API is healthy: the same wrapped loader (no breaker) with brownout off and on
 * but idle, in alternating rounds (the side that goes first alternates), CPU time per awaited call and per
 * request (a `degradationScope` around one call: the scope measures its latency for the controller).
 */
export async function measureBrownoutIdleCost(plan: CpuPlan): Promise<BrownoutIdleCost> {
  const perCall = { off: [] as number[], on: [] as number[] };
  const perRequest = { off: [] as number[], on: [] as number[] };
  const request = () => degradationScope(() => libraryWithoutBreaker(KEYS), { endpoint: '/bench' });
  const cpuNs = async (call: () => Promise<unknown>): Promise<number> => {
    const before = process.cpuUsage();
    for (let index = 0; index < plan.callsPerRound; index++) await call();
    const used = process.cpuUsage(before);
    return ((used.user + used.system) * 1000) / plan.callsPerRound;
  };
  for (const side of ['off', 'on'] as const) {
    SETTINGS[side]();
    await cpuNs(() => libraryWithoutBreaker(KEYS));
    await cpuNs(request);
  }
  for (let round = 0; round < plan.rounds; round++) {
    for (const side of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      SETTINGS[side]();
      perCall[side].push(await cpuNs(() => libraryWithoutBreaker(KEYS)));
      perRequest[side].push(await cpuNs(request));
    }
  }
  SETTINGS.off();
  return {
    callOffNs: sampleStats(perCall.off).p50,
    callOnNs: sampleStats(perCall.on).p50,
    callAddedNs: medianDifference(perCall.on, perCall.off),
    requestOffNs: sampleStats(perRequest.off).p50,
    requestOnNs: sampleStats(perRequest.on).p50,
    requestAddedNs: medianDifference(perRequest.on, perRequest.off),
  };
}
