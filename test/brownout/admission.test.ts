/**
 * Which calls brownout sheds at a level, and how a shed call is accounted: the (tier, priority) order, the
 * stickiness per targeting key and per request, critical never shed, `disableDependency` and deciders first;
 * the fallback at once without the loader, reason `shed`, outcome `shed`, the request's degraded fields, the
 * degraded channel, the call tracing channel, and the brownout metrics.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CALL_CHANNEL,
  configure,
  currentDegradations,
  DEGRADED_CHANNEL,
  degradationScope,
  disableDependency,
  fieldDependency,
  isDependencyShedError,
  shutdownFieldDependencies,
  type CallTraceContext,
  type DegradationEvent,
  type DependencyTier,
  type RequestPriority,
} from 'field-dependency';
import { refreshDeciders, useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { brownout } from '../../src/brownout/brownoutState.js';
import { takeLatencyPercentile } from '../../src/brownout/requestLatencies.js';
import { inMemoryDeciders } from '../deciders/support.js';
import { browningOut, brownoutOff } from './support/browningOut.js';

let unique = 0;

/** A loader of the given tier that counts its calls. */
function tiered(tier: DependencyTier) {
  const name = `tier${tier}_${++unique}`;
  const loader = {
    name,
    calls: 0,
    load: fieldDependency(Array, { owner: 'brownout', name, tier, breaker: false })(async () => {
      loader.calls++;
      return ['value'];
    }),
  };
  return loader;
}

/** Whether a call of `load` in a request of `priority` (with `targetingKey`) was shed. */
async function shed(load: () => Promise<string[]>, priority: RequestPriority, targetingKey?: string): Promise<boolean> {
  return degradationScope(async () => (await load()).length === 0, { endpoint: '/pins/:id', priority, targetingKey });
}

let registry: Registry;
beforeEach(() => {
  registry = useFreshMetricsRegistry();
});
afterEach(() => {
  brownoutOff();
});
afterAll(() => {
  shutdownFieldDependencies();
});

describe('admission by (tier, priority) class', () => {
  const order: [2 | 3, RequestPriority][] = [
    [3, 'low'],
    [2, 'low'],
    [3, 'normal'],
    [2, 'normal'],
    [3, 'high'],
    [2, 'high'],
  ];

  it('sheds the classes in order, first (tier 3, low) … last (tier 2, high): a low-priority request loses every optional field first', async () => {
    const loaders = { 2: tiered(2), 3: tiered(3) } as const;
    for (let level = 0; level <= 6; level++) {
      browningOut(level);
      const shedClasses: string[] = [];
      for (const [tier, priority] of order) if (await shed(loaders[tier].load, priority)) shedClasses.push(`${tier}/${priority}`);
      expect(shedClasses, `level ${level}`).toEqual(order.slice(0, level).map(([tier, priority]) => `${tier}/${priority}`));
    }
  });

  it('never sheds a critical dependency (tier 0 or 1), even with every optional call shed', async () => {
    browningOut(6);
    for (const tier of [0, 1] as const) {
      const loader = tiered(tier);
      for (const priority of ['low', 'normal', 'high'] as const) expect(await shed(loader.load, priority)).toBe(false);
      expect(loader.calls).toBe(3);
    }
    const critical = fieldDependency(Array, { owner: 'brownout', name: `critical_${++unique}`, critical: true })(async () => ['kept']);
    expect(await degradationScope(() => critical(), { endpoint: '/x', priority: 'low' })).toEqual(['kept']);
  });

  it('outside any request scope a call is a normal-priority one', async () => {
    const loader = tiered(3);
    browningOut(2);
    expect(await loader.load()).toEqual(['value']);
    browningOut(3);
    expect(await loader.load()).toEqual([]);
  });

  it('the class the level is in is shed for its share, sticky per targeting key, and the same keys stay shed as the level rises', async () => {
    const loader = tiered(3);
    browningOut(2.5); // (3, normal) is half shed
    const keys = Array.from({ length: 200 }, (_, index) => `user-${index}`);
    const shedAtHalf = new Set<string>();
    for (const key of keys) {
      const answers = new Set<boolean>();
      for (let repeat = 0; repeat < 3; repeat++) answers.add(await shed(loader.load, 'normal', key));
      expect(answers.size, key).toBe(1);
      if (answers.has(true)) shedAtHalf.add(key);
    }
    expect(shedAtHalf.size).toBeGreaterThan(60);
    expect(shedAtHalf.size).toBeLessThan(140);
    browningOut(2.8);
    const shedLater = new Set<string>();
    for (const key of keys) if (await shed(loader.load, 'normal', key)) shedLater.add(key);
    expect(shedLater.size).toBeGreaterThan(shedAtHalf.size);
    for (const key of shedAtHalf) expect(shedLater.has(key), key).toBe(true);
  });

  it('one user loses the fields of a class together (a consistent page); without a key, per request', async () => {
    const first = tiered(3);
    const second = tiered(3);
    browningOut(2.5);
    for (let index = 0; index < 100; index++) {
      const both = (targetingKey?: string) =>
        degradationScope(async () => [(await first.load()).length === 0, (await second.load()).length === 0], { endpoint: '/p', targetingKey });
      const [a, b] = await both(`user-${index}`);
      expect(a).toBe(b);
      const [c, d] = await both();
      expect(c).toBe(d);
    }
  });

  it('disableDependency and the decider come first: their calls are disabled, not shed', async () => {
    const off = tiered(3);
    disableDependency(off.name, 'brownout');
    const gated = tiered(3);
    const deciders = await inMemoryDeciders({ [`field-dependency.brownout.${gated.name}`]: 0 });
    configure({ deciders: deciders.client });
    try {
      await refreshDeciders();
      browningOut(6);
      const reasons = await degradationScope(
        async () => {
          await off.load();
          await gated.load();
          return currentDegradations().map(({ field, reason }) => `${field}:${reason}`);
        },
        { endpoint: '/p', priority: 'low' },
      );
      expect(reasons).toEqual([`${off.name}:disabled`, `${gated.name}:disabled`]);
    } finally {
      configure({ deciders: false });
    }
  });
});

describe('a shed call', () => {
  it('answers the fallback at once without calling the loader, and counts as reason shed, outcome shed', async () => {
    const loader = tiered(3);
    browningOut(1);
    const degradations = await degradationScope(
      async () => {
        expect(await loader.load()).toEqual([]);
        return currentDegradations();
      },
      { endpoint: '/pins/:id', priority: 'low' },
    );
    expect(loader.calls).toBe(0);
    expect(degradations).toEqual([{ field: loader.name, owner: 'brownout', reason: 'shed' }]);
    const text = await registry.metrics();
    expect(text).toContain(`field_dependency_calls_total{field="${loader.name}",owner="brownout",critical="false",outcome="shed"} 1\n`);
    expect(text).toContain(`field_dependency_calls_total{field="${loader.name}",owner="brownout",critical="false",outcome="degraded"} 0\n`);
    expect(text).toContain(`field_dependency_degradations_total{field="${loader.name}",owner="brownout",reason="shed"} 1\n`);
    // Never reached the upstream: not a latency of it (a shedding process would otherwise look faster).
    expect(text).toContain(`field_dependency_duration_seconds_count{field="${loader.name}",owner="brownout"} 0\n`);
  });

  it('is published on the degraded channel with a DependencyShedError (shedBy brownout), and on the call tracing channel with outcome shed', async () => {
    const loader = tiered(2);
    const events: DegradationEvent[] = [];
    const onDegraded = (message: unknown): void => void events.push(message as DegradationEvent);
    const traced: CallTraceContext[] = [];
    const tracing = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);
    const handlers = { asyncStart: (context: CallTraceContext) => void traced.push({ ...context }), start() {}, end() {}, asyncEnd() {}, error() {} };
    diagnosticsChannel.subscribe(DEGRADED_CHANNEL, onDegraded);
    tracing.subscribe(handlers);
    try {
      browningOut(2);
      await shed(loader.load, 'low');
    } finally {
      diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, onDegraded);
      tracing.unsubscribe(handlers);
    }
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ field: loader.name, owner: 'brownout', critical: false, reason: 'shed', endpoint: '/pins/:id' });
    expect(isDependencyShedError(events[0]?.error)).toBe(true);
    expect(events[0]?.error).toMatchObject({ shedBy: 'brownout', code: 'ERR_FIELD_DEPENDENCY_SHED' });
    expect(traced).toEqual([expect.objectContaining({ field: loader.name, outcome: 'shed', reason: 'shed' })]);
  });

  it('a sync loader stays sync when shed', () => {
    const name = `sync_${++unique}`;
    const load = fieldDependency(Array, { owner: 'brownout', name, tier: 3, breaker: false })((): string[] => ['value']);
    expect(load()).toEqual(['value']);
    browningOut(6);
    expect(degradationScope(() => load(), { endpoint: '/sync', priority: 'high' })).toEqual([]);
  });
});

describe('the brownout metrics and lifecycle', () => {
  const values = async (metric: string) =>
    Object.fromEntries(
      ((await registry.getMetricsAsJSON()).find((entry) => entry.name === metric)?.values ?? []).map(({ labels, value }) => [Object.values(labels).join('/'), value]),
    );

  it('publish the admitted share per (tier, priority), the last signals and their targets while configured, and disappear with brownout: false', async () => {
    browningOut(2.5);
    expect(await values('field_dependency_brownout_admitted_ratio')).toEqual({
      '3/high': 1,
      '3/normal': 0.5,
      '3/low': 0,
      '2/high': 1,
      '2/normal': 1,
      '2/low': 0,
    });
    expect(await values('field_dependency_brownout_signal_seconds')).toEqual({ event_loop_delay: 0.175 });
    // no targetLatencyMs configured: only the event-loop delay has a target
    expect(await values('field_dependency_brownout_target_seconds')).toEqual({ event_loop_delay: 0.05 });
    expect(await values('field_dependency_brownout_signal_ratio')).toEqual({ event_loop_utilization: 0 });
    expect(await values('field_dependency_brownout_target_ratio')).toEqual({ event_loop_utilization: 0.9 });
    brownoutOff();
    expect(await registry.metrics()).not.toContain('field_dependency_brownout_');
  });

  it('publish the targets configured, and the new ones when configure is called again', async () => {
    configure({ brownout: { targetLatencyMs: 250, intervalMs: 60_000 } });
    expect(await values('field_dependency_brownout_target_seconds')).toEqual({ event_loop_delay: 0.05, request_latency: 0.25 });
    // before the first sample, the targets are there and the signals not yet
    expect(await values('field_dependency_brownout_signal_seconds')).toEqual({});
    configure({ brownout: { targetLatencyMs: 400, maxEventLoopDelayMs: 120, intervalMs: 60_000 } });
    expect(await values('field_dependency_brownout_target_seconds')).toEqual({ event_loop_delay: 0.12, request_latency: 0.4 });
    // the utilisation signal turned off (1): no target published for it
    configure({ brownout: { targetLatencyMs: 400, maxEventLoopDelayMs: 120, maxEventLoopUtilization: 1, intervalMs: 60_000 } });
    expect(await values('field_dependency_brownout_target_ratio')).toEqual({});
    expect(() => configure({ brownout: { targetLatencyMs: -1 } })).toThrow(TypeError);
    expect(await values('field_dependency_brownout_target_seconds')).toEqual({ event_loop_delay: 0.12, request_latency: 0.4 });
    configure({ brownout: false });
    expect(await registry.metrics()).not.toContain('field_dependency_brownout_target_seconds');
  });

  it('measures request latency only while on; shutdownFieldDependencies stops brownout and admits everything again', async () => {
    takeLatencyPercentile(90);
    await degradationScope(async () => 1, { endpoint: '/p' });
    expect(takeLatencyPercentile(90)).toBeUndefined();
    browningOut(6);
    await degradationScope(async () => 1, { endpoint: '/p' });
    degradationScope(() => 1, { endpoint: '/p' });
    expect(() => degradationScope(() => { throw new Error('boom'); }, { endpoint: '/p' })).toThrow('boom');
    await expect(degradationScope(() => Promise.reject(new Error('async boom')), { endpoint: '/p' })).rejects.toThrow('async boom');
    expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(0);
    const loader = tiered(2);
    expect(await shed(loader.load, 'high')).toBe(true);
    shutdownFieldDependencies();
    expect(brownout).toEqual({ on: false, level: 0 });
    expect(await shed(loader.load, 'low')).toBe(false);
  });
});
