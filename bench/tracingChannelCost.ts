import diagnosticsChannel from 'node:diagnostics_channel';
import { CALL_CHANNEL, type CallTraceContext } from '../src/index.js';
import { KEYS } from './batchLoader.js';
import type { CpuPlan } from './measureCpuPerCall.js';
import { libraryWithoutBreaker } from './peers.js';
import { sampleStats } from './sampleStats.js';

/** CPU time per call of the library (no breaker) with and without a subscriber on the tracing channel. */
export interface TracingChannelCost {
  /** Median CPU ns per call over the rounds without a subscriber. */
  readonly unobservedNs: number;
  /** Median CPU ns per call over the rounds with a no-op subscriber on all five events. */
  readonly observedNs: number;
}

const noop = (): void => {};
const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };

/**
 * Measures what a subscriber on the `field-dependency:call` tracing channel costs per call: paired rounds
 * of the same wrapped loader, unsubscribed then subscribed (the order alternating), CPU time per awaited call.
 */
export async function measureTracingChannelCost(plan: CpuPlan): Promise<TracingChannelCost> {
  const channel = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);
  const unobserved: number[] = [];
  const observed: number[] = [];
  const round = async (subscribed: boolean): Promise<void> => {
    if (subscribed) channel.subscribe(handlers);
    const before = process.cpuUsage();
    for (let index = 0; index < plan.callsPerRound; index++) await libraryWithoutBreaker(KEYS);
    const used = process.cpuUsage(before);
    if (subscribed) channel.unsubscribe(handlers);
    (subscribed ? observed : unobserved).push(((used.user + used.system) * 1000) / plan.callsPerRound);
  };
  await round(true);
  await round(false);
  unobserved.length = 0;
  observed.length = 0;
  for (let index = 0; index < plan.rounds; index++) {
    const subscribedFirst = index % 2 === 0;
    await round(subscribedFirst);
    await round(!subscribedFirst);
  }
  return { unobservedNs: sampleStats(unobserved).p50, observedNs: sampleStats(observed).p50 };
}
