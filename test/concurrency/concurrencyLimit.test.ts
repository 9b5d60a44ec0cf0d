import diagnosticsChannel from 'node:diagnostics_channel';
import DataLoader from 'dataloader';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  CALL_CHANNEL,
  currentDegradations,
  DEGRADED_CHANNEL,
  degradationScope,
  disableDependency,
  enableDependency,
  fieldDependency,
  isDependencyShedError,
  type CallTraceContext,
  type DegradationEvent,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { dependencyOf } from '../../src/core/guardedLoaders.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry: Registry;
beforeEach(() => {
  registry = useFreshMetricsRegistry();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A promise with its resolve and reject. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The value of `name`'s sample for `field` (and the extra labels), as the registry publishes it; `undefined` without one. */
async function sample(name: string, field: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  return values.find((value) => value.labels.field === field && Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))?.value;
}

const inFlight = (field: string) => sample('field_dependency_in_flight', field);

describe('a fixed concurrency limit', () => {
  test('a call beyond the limit answers the fallback at once, reason shed, counted as degraded; the loader is not called', async () => {
    const pending: ReturnType<typeof deferred<Map<string, string>>>[] = [];
    const loader = vi.fn((_ids: readonly string[]) => {
      const next = deferred<Map<string, string>>();
      pending.push(next);
      return next.promise;
    });
    const load = fieldDependency(Map, { owner: 'shopping', name: 'fixedLimit', concurrencyLimit: 2 })(loader);
    const events: DegradationEvent[] = [];
    const listen = (message: unknown) => events.push(message as DegradationEvent);
    diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listen);
    try {
      await degradationScope(
        async () => {
          const first = load(['a']);
          const second = load(['b']);
          const third = load(['c']);
          expect(loader).toHaveBeenCalledTimes(2);
          expect(await inFlight('fixedLimit')).toBe(2);
          // The third answers while the other two are still in flight: no queueing.
          expect(await third).toEqual(new Map());
          expect(currentDegradations()).toEqual([{ field: 'fixedLimit', owner: 'shopping', reason: 'shed' }]);
          pending.forEach((call, index) => call.resolve(new Map([[`key${index}`, 'value']])));
          expect(await first).toEqual(new Map([['key0', 'value']]));
          expect(await second).toEqual(new Map([['key1', 'value']]));
        },
        { endpoint: '/limit' },
      );
    } finally {
      diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listen);
    }
    expect(events).toHaveLength(1);
    const [event] = events as [DegradationEvent];
    expect(event.reason).toBe('shed');
    expect(isDependencyShedError(event.error)).toBe(true);
    expect(event.error).toMatchObject({ shedBy: 'concurrency_limit', code: 'ERR_FIELD_DEPENDENCY_SHED' });
    expect(await inFlight('fixedLimit')).toBe(0);
    expect(await sample('field_dependency_concurrency_limit', 'fixedLimit')).toBe(2);
    expect(await sample('field_dependency_degradations_total', 'fixedLimit', { reason: 'shed' })).toBe(1);
    // The upstream's slowness: degraded (it burns the owner's objective), not the brownout's `shed` outcome.
    expect(await sample('field_dependency_calls_total', 'fixedLimit', { outcome: 'degraded' })).toBe(1);
    expect(await sample('field_dependency_calls_total', 'fixedLimit', { outcome: 'success' })).toBe(2);
    expect(await sample('field_dependency_calls_total', 'fixedLimit', { outcome: 'shed' })).toBeUndefined();
  });

  test('on the call tracing channel, a shed call of an async loader ends with outcome degraded, reason shed; the admitted one with its own outcome', async () => {
    const ends: { outcome: string | undefined; reason: string | undefined }[] = [];
    const handlers = {
      start: () => {},
      end: () => {},
      asyncStart: () => {},
      asyncEnd: (context: CallTraceContext) => {
        if (context.field === 'tracedLimit') ends.push({ outcome: context.outcome, reason: context.reason });
      },
      error: () => {},
    };
    const channel = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);
    channel.subscribe(handlers);
    try {
      const hold = deferred<string[]>();
      const load = fieldDependency(Array, { owner: 'pins', name: 'tracedLimit', concurrencyLimit: 1 })((_ids: readonly string[]) => hold.promise);
      const admitted = load(['a']);
      expect(await load(['b'])).toEqual([]);
      hold.resolve(['a']);
      expect(await admitted).toEqual(['a']);
    } finally {
      channel.unsubscribe(handlers);
    }
    expect(ends).toEqual([
      { outcome: 'degraded', reason: 'shed' },
      { outcome: 'success', reason: undefined },
    ]);
  });

  test('once a call ends, its slot is free for the next one', async () => {
    const loader = vi.fn(async (ids: readonly string[]) => ids.map((id) => `pin ${id}`));
    const load = fieldDependency(Array, { owner: 'pins', name: 'slotReused', concurrencyLimit: 1 })(loader);
    for (let index = 0; index < 5; index++) expect(await load([String(index)])).toEqual([`pin ${index}`]);
    expect(loader).toHaveBeenCalledTimes(5);
    expect(await inFlight('slotReused')).toBe(0);
  });

  test('disableDependency and deciders refuse before the limit: reason disabled, no slot taken', async () => {
    const hold = deferred<string[]>();
    const load = fieldDependency(Array, { owner: 'pins', name: 'disabledFirst', concurrencyLimit: 1 })((_ids: readonly string[]) => hold.promise);
    const held = load(['a']);
    disableDependency('disabledFirst', 'pins');
    await degradationScope(
      async () => {
        expect(await load(['b'])).toEqual([]);
        expect(currentDegradations()).toEqual([{ field: 'disabledFirst', owner: 'pins', reason: 'disabled' }]);
      },
      { endpoint: '/disabled' },
    );
    enableDependency('disabledFirst', 'pins');
    expect(await inFlight('disabledFirst')).toBe(1);
    hold.resolve(['a']);
    expect(await held).toEqual(['a']);
    expect(await inFlight('disabledFirst')).toBe(0);
  });

  test('without the option, no limit: nothing shed, no gauge', async () => {
    const pending: ReturnType<typeof deferred<string[]>>[] = [];
    const load = fieldDependency(Array, { owner: 'pins', name: 'unlimited' })((_ids: readonly string[]) => {
      const next = deferred<string[]>();
      pending.push(next);
      return next.promise;
    });
    const calls = Array.from({ length: 500 }, () => load([]));
    expect(pending).toHaveLength(500);
    pending.forEach((call) => call.resolve(['x']));
    expect(await Promise.all(calls)).toEqual(Array(500).fill(['x']));
    expect(dependencyOf(load)?.limiter).toBeUndefined();
    expect(await inFlight('unlimited')).toBeUndefined();
    expect(await sample('field_dependency_concurrency_limit', 'unlimited')).toBeUndefined();
  });
});

describe('a slot is given back exactly once, on every path', () => {
  /** Calls `load` while its only slot is taken by a call on `path`, then checks that the slot came back. */
  async function expectReleased(field: string, load: (keys: readonly string[]) => unknown, settle: () => Promise<void> = async () => {}): Promise<void> {
    const limiter = dependencyOf(load)?.limiter;
    expect(limiter?.limit).toBe(1);
    const answer = load(['a']);
    await settle();
    await answer;
    expect(limiter?.inFlight, field).toBe(0);
    expect(await inFlight(field)).toBe(0);
  }

  test('a sync loader: its answer stays sync, and the slot is back when it returns', () => {
    const load = fieldDependency(Array, { owner: 'pins', name: 'syncValue', concurrencyLimit: 1, breaker: false })((ids: readonly string[]) => ids.map(String));
    for (let index = 0; index < 3; index++) expect(load(['a'])).toEqual(['a']);
    expect(dependencyOf(load)?.limiter?.inFlight).toBe(0);
  });

  test('a sync loader behind the breaker, and one that throws', () => {
    const ok = fieldDependency(Array, { owner: 'pins', name: 'syncBreaker', concurrencyLimit: 1 })((ids: readonly string[]) => ids.map(String));
    expect(ok(['a'])).toEqual(['a']);
    expect(ok(['b'])).toEqual(['b']);
    expect(dependencyOf(ok)?.limiter?.inFlight).toBe(0);
    const throws = fieldDependency(Array, { owner: 'pins', name: 'syncThrow', concurrencyLimit: 1 })((_ids: readonly string[]): string[] => {
      throw new Error('boom');
    });
    expect(throws(['a'])).toEqual([]);
    expect(throws(['b'])).toEqual([]);
    expect(dependencyOf(throws)?.limiter?.inFlight).toBe(0);
  });

  test.each([
    ['asyncValue', async (ids: readonly string[]) => ids.map(String)],
    ['asyncReject', async (_ids: readonly string[]): Promise<string[]> => Promise.reject(new Error('upstream down'))],
    ['asyncInvalid', async () => 'not an array' as unknown as string[]],
    ['asyncThrowsNonError', async (_ids: readonly string[]): Promise<string[]> => Promise.reject(null)],
  ] as const)('an async loader: %s', async (name, loader) => {
    await expectReleased(name, fieldDependency(Array, { owner: 'pins', name, concurrencyLimit: 1 })(loader));
    await expectReleased(name, fieldDependency(Array, { owner: 'pins', name: `${name}NoBreaker`, concurrencyLimit: 1, breaker: false })(loader));
  });

  test('per-key errors of a [T] batch (partial) and a fallback that throws', async () => {
    await expectReleased('partialBatch', fieldDependency([null], { owner: 'pins', name: 'partialBatch', concurrencyLimit: 1 })(
        async (ids: readonly string[]): Promise<(string | Error | null)[]> => ids.map(() => new Error('no')),
      ),
    );
    const load = fieldDependency(Array, {
      owner: 'pins',
      name: 'fallbackThrows',
      concurrencyLimit: 1,
      fallback: () => {
        throw new Error('fallback failed');
      },
    })(async (_ids: readonly string[]): Promise<string[]> => Promise.reject(new Error('upstream down')));
    await expectReleased('fallbackThrows', load);
  });

  test('a timeout (timeoutMs): the slot is back when the call times out, though the loader never settles', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const load = fieldDependency(Array, { owner: 'pins', name: 'timesOut', concurrencyLimit: 1, timeoutMs: 50 })((_ids: readonly string[]) => new Promise<string[]>(() => {}));
    const limiter = dependencyOf(load)?.limiter;
    const answer = load(['a']);
    expect(limiter?.inFlight).toBe(1);
    expect(await load(['b'])).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(await answer).toEqual([]);
    expect(limiter?.inFlight).toBe(0);
    expect(await sample('field_dependency_degradations_total', 'timesOut', { reason: 'timeout' })).toBe(1);
    expect(await sample('field_dependency_degradations_total', 'timesOut', { reason: 'shed' })).toBe(1);
  });

  test('an open breaker refuses after the slot was taken: the slot is back, and the refusal teaches the adaptive limit nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    const load = fieldDependency(Array, {
      owner: 'pins',
      name: 'breakerRefuses',
      concurrencyLimit: { adaptive: true, initial: 1, max: 10 },
      breaker: { volumeThreshold: 1 },
    })(async (_ids: readonly string[]): Promise<string[]> => Promise.reject(new Error('upstream down')));
    const limiter = dependencyOf(load)?.limiter;
    expect(await load(['a'])).toEqual([]);
    expect(await sample('field_dependency_breaker_state', 'breakerRefuses')).toBe(2);
    for (let index = 0; index < 30; index++) {
      await vi.advanceTimersByTimeAsync(100);
      expect(await load(['b'])).toEqual([]);
    }
    expect(limiter?.inFlight).toBe(0);
    expect(await sample('field_dependency_degradations_total', 'breakerRefuses', { reason: 'breaker_open' })).toBe(30);
    // 30 refusals over three seconds closed no window: only the one call that reached the loader was a sample.
    expect(limiter?.adaptive?.normalLatency).toBeUndefined();
  });

  test('a throw out of the guard itself (a DataLoader-like caller whose clear throws), sync or async: the slot is back, the throw reaches the caller', async () => {
    const syncThrow = fieldDependency(Array, { owner: 'pins', name: 'clearThrowsSync', concurrencyLimit: 1, breaker: false })((_ids: readonly string[]): string[] => {
      throw new Error('upstream down');
    });
    const asyncReject = fieldDependency(Array, { owner: 'pins', name: 'clearThrowsAsync', concurrencyLimit: 1, breaker: false })(
      async (_ids: readonly string[]): Promise<string[]> => Promise.reject(new Error('upstream down')),
    );
    for (const load of [syncThrow, asyncReject]) {
      // What the guard recognises as a DataLoader calling its batch function; degraded keys are cleared from its cache.
      const caller = {
        _batchLoadFn: load,
        clear(): never {
          throw new Error('clear failed');
        },
      };
      for (let round = 0; round < 2; round++) {
        await expect((load as (this: unknown, ids: readonly string[]) => Promise<unknown>).call(caller, ['a'])).rejects.toThrow('clear failed');
        expect(dependencyOf(load)?.limiter?.inFlight).toBe(0);
      }
    }
    expect(await sample('field_dependency_degradations_total', 'clearThrowsSync', { reason: 'shed' })).toBe(0);
    expect(await sample('field_dependency_degradations_total', 'clearThrowsAsync', { reason: 'shed' })).toBe(0);
  });

  test('a DataLoader batch function, and many mixed calls at once: never more in flight than the limit, none left over', async () => {
    let running = 0;
    let peak = 0;
    const load = fieldDependency([null], { owner: 'pins', name: 'mixedCalls', concurrencyLimit: 3, breaker: false })(async (ids: readonly string[]): Promise<(string | Error | null)[]> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (ids[0] === 'fail') throw new Error('failed');
      return ids.map((id) => (id === 'bad' ? new Error('bad key') : id));
    });
    const loaders = Array.from({ length: 10 }, () => new DataLoader<string, string | null>(load));
    const answers = await Promise.all(
      loaders.flatMap((loader, index) => [loader.load(index % 3 === 0 ? 'fail' : `key${index}`), loader.load(index % 2 === 0 ? 'bad' : `other${index}`)]),
    );
    expect(answers).toHaveLength(20);
    expect(peak).toBe(3);
    expect(dependencyOf(load)?.limiter?.inFlight).toBe(0);
    expect(await sample('field_dependency_degradations_total', 'mixedCalls', { reason: 'shed' })).toBe(7);
  });
});

describe('an adaptive limit, through the wrapper on a fake clock', () => {
  test('an upstream 10× slower gets fewer calls in flight, the excess degrades at once; the limit recovers when it is fast again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let latencyMs = 10;
    let running = 0;
    let peak = 0;
    const load = fieldDependency(Map, { owner: 'slow', name: 'adaptiveWrapper', concurrencyLimit: { adaptive: true, max: 100 } })(async (_ids: readonly string[]) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      running--;
      return new Map([['k', 'v']]);
    });
    /** `seconds` of 40 callers calling in waves; answers how many were shed. */
    async function run(seconds: number): Promise<number> {
      let shed = 0;
      peak = 0;
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) {
        const wave = Array.from({ length: 40 }, () => load(['k']));
        await vi.advanceTimersByTimeAsync(latencyMs);
        for (const answer of await Promise.all(wave)) if (answer.size === 0) shed++;
      }
      return shed;
    }
    expect(await run(5)).toBe(0);
    expect(await sample('field_dependency_concurrency_limit', 'adaptiveWrapper')).toBe(100);
    latencyMs = 100;
    await run(15);
    const lowered = await sample('field_dependency_concurrency_limit', 'adaptiveWrapper');
    expect(lowered).toBe(1);
    const shedWhileSlow = await run(5);
    expect(peak).toBe(1);
    expect(shedWhileSlow).toBeGreaterThan(0);
    latencyMs = 10;
    await run(30);
    expect(await sample('field_dependency_concurrency_limit', 'adaptiveWrapper')).toBeGreaterThanOrEqual(40);
    expect(await run(5)).toBe(0);
    expect(await inFlight('adaptiveWrapper')).toBe(0);
  });
});

describe('resetFieldDependencies()', () => {
  test('sets an adaptive limit back to its initial value and forgets its normal latency; the calls in flight stay counted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const hold = deferred<Map<string, string>>();
    let slow = false;
    const load = fieldDependency(Map, { owner: 'slow', name: 'resetAdaptive', concurrencyLimit: { adaptive: true, initial: 30, max: 60 } })(
      async (_ids: readonly string[]) => {
        if (slow) return hold.promise;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return new Map();
      },
    );
    const limiter = dependencyOf(load)?.limiter;
    for (let wave = 0; wave < 300; wave++) {
      const calls = Array.from({ length: 40 }, () => load(['k']));
      await vi.advanceTimersByTimeAsync(10);
      await Promise.all(calls);
    }
    // Three one-second windows, the limit in use: it grew.
    expect(limiter?.limit).toBeGreaterThan(30);
    expect(limiter?.adaptive?.normalLatency).toBe(10);
    slow = true;
    const held = load(['k']);
    useFreshMetricsRegistry();
    expect(limiter?.limit).toBe(30);
    expect(limiter?.adaptive?.normalLatency).toBeUndefined();
    expect(limiter?.inFlight).toBe(1);
    hold.resolve(new Map());
    await held;
    expect(limiter?.inFlight).toBe(0);
  });
});
