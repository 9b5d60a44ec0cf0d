import diagnosticsChannel from 'node:diagnostics_channel';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { CALL_CHANNEL, type CallTraceContext } from '../src/index.js';
import { FieldDependencyInstrumentation } from '../src/opentelemetry/index.js';
import { KEYS } from './batchLoader.js';
import type { CpuPlan } from './measureCpuPerCall.js';
import { libraryWithoutBreaker } from './peers.js';
import { sampleStats } from './sampleStats.js';

/** Something that watches the library's calls, attached for its rounds and detached after. */
export interface CallObserver {
  readonly label: string;
  readonly attach: () => void;
  readonly detach: () => void;
}

/** One observer's median CPU ns per call. */
export interface ObserverCost {
  readonly label: string;
  readonly medianNs: number;
}

const noop = (): void => {};
const noopSubscribers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
const channel = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);

/** The instrumentation, off until attached, on a MeterProvider with no reader (what it costs to record, not to export). */
const instrumentation = new FieldDependencyInstrumentation({ enabled: false });
instrumentation.setMeterProvider(new MeterProvider());

/** Nobody watching (every call's cost), a no-op tracing-channel subscriber, and the OpenTelemetry instrumentation. */
export const CALL_OBSERVERS: readonly CallObserver[] = [
  { label: 'nobody subscribed', attach: noop, detach: noop },
  { label: 'no-op `field-dependency:call` subscriber', attach: () => channel.subscribe(noopSubscribers), detach: () => channel.unsubscribe(noopSubscribers) },
  { label: 'FieldDependencyInstrumentation (OpenTelemetry metrics, no active span)', attach: () => instrumentation.enable(), detach: () => instrumentation.disable() },
];

/**
 * What watching the library's calls costs: rounds of the same wrapped loader (no breaker) with each
 * observer attached in turn, the order rotating each round, CPU time per awaited call; the median over rounds.
 */
export async function measureObserverCost(observers: readonly CallObserver[], plan: CpuPlan): Promise<ObserverCost[]> {
  const rounds = new Map<CallObserver, number[]>(observers.map((observer) => [observer, []]));
  const round = async (observer: CallObserver): Promise<number> => {
    observer.attach();
    const before = process.cpuUsage();
    for (let index = 0; index < plan.callsPerRound; index++) await libraryWithoutBreaker(KEYS);
    const used = process.cpuUsage(before);
    observer.detach();
    return ((used.user + used.system) * 1000) / plan.callsPerRound;
  };
  for (const observer of observers) await round(observer);
  for (let index = 0; index < plan.rounds; index++) {
    for (let offset = 0; offset < observers.length; offset++) {
      const observer = observers[(index + offset) % observers.length] as CallObserver;
      rounds.get(observer)?.push(await round(observer));
    }
  }
  return observers.map((observer) => ({ label: observer.label, medianNs: sampleStats(rounds.get(observer) ?? []).p50 }));
}
