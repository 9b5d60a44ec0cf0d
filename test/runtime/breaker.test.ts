import diagnosticsChannel from 'node:diagnostics_channel';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  BreakerOpenError,
  DEFAULT_BREAKER_OPTIONS,
  DEGRADED_CHANNEL,
  fieldDependency,
  isBreakerOpenError,
  isFieldDependencyError,
  type DegradationEvent,
  type FieldDependencyError,
} from 'field-dependency';
import { resetFieldDependencies, useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry: Registry;
let events: DegradationEvent[];
const collect = (message: unknown) => events.push(message as DegradationEvent);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  registry = useFreshMetricsRegistry();
  events = [];
  diagnosticsChannel.subscribe(DEGRADED_CHANNEL, collect);
});

afterEach(() => {
  diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, collect);
  vi.useRealTimers();
});

/** The `field_dependency_breaker_state` sample of `field`, or `undefined` when there is no series. */
async function breakerState(field: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric('field_dependency_breaker_state');
  if (metric === undefined) throw new Error('field_dependency_breaker_state is not registered');
  const { values } = await metric.get();
  return values.find((sample) => sample.labels.field === field)?.value;
}

/** The `field_dependency_degradations_total` sample of `field` for `reason`. */
async function degradations(field: string, reason: string): Promise<number | undefined> {
  const { values } = await registry.getSingleMetric('field_dependency_degradations_total')!.get();
  return values.find((sample) => sample.labels.field === field && sample.labels.reason === reason)?.value;
}

function reasonsOf(field: string): string[] {
  return events.filter((event) => event.field === field).map((event) => event.reason);
}

/** A loader whose next answers are scripted: `'fail'` rejects, anything else resolves with a fresh Map. */
function scriptedLoader() {
  const state = { calls: 0, failing: true };
  const loader = async (ids: readonly string[]): Promise<Map<string, string>> => {
    state.calls++;
    if (state.failing) throw new Error('upstream down');
    return new Map(ids.map((id) => [id, `data:${id}`]));
  };
  return { state, loader };
}

async function callTimes<T>(times: number, call: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < times; index++) results.push(await call());
  return results;
}

describe('defaults', () => {
  test('DEFAULT_BREAKER_OPTIONS are the documented values, frozen', () => {
    expect(DEFAULT_BREAKER_OPTIONS).toEqual({
      errorThresholdPercentage: 50,
      volumeThreshold: 20,
      rollingCountTimeout: 10_000,
      resetTimeout: 10_000,
    });
    expect(Object.isFrozen(DEFAULT_BREAKER_OPTIONS)).toBe(true);
  });

  test('a non-critical dependency has a breaker by default: it publishes a state, closed', async () => {
    fieldDependency(Map, { owner: 'shopping', name: 'breaker-default-on' })(async () => new Map());
    expect(await breakerState('breaker-default-on')).toBe(0);
  });

  test('a critical dependency has no breaker by default: no state series, and failures never short-circuit', async () => {
    let calls = 0;
    const load = fieldDependency(Array, { owner: 'images', name: 'breaker-default-critical', critical: true })(async (): Promise<string[]> => {
      calls++;
      throw new Error('down');
    });
    expect(await breakerState('breaker-default-critical')).toBeUndefined();
    for (let index = 0; index < 30; index++) {
      await expect(load()).rejects.toMatchObject({ reason: 'error' });
    }
    expect(calls).toBe(30);
  });

  test('breaker: false means no breaker: no state series, and the loader is called however often it fails', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-off', breaker: false })(loader);
    expect(await breakerState('breaker-off')).toBeUndefined();
    await callTimes(50, () => load(['a']));
    expect(state.calls).toBe(50);
    expect(reasonsOf('breaker-off')).toEqual(Array(50).fill('error'));
  });

  test('with the defaults it opens only once 20 calls were seen and more than half of them failed', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-default-threshold' })(loader);

    await callTimes(19, () => load(['a']));
    expect(await breakerState('breaker-default-threshold')).toBe(0);
    expect(state.calls).toBe(19);

    await load(['a']);
    expect(state.calls).toBe(20);
    expect(await breakerState('breaker-default-threshold')).toBe(2);

    const refused = await load(['a']);
    expect(refused).toEqual(new Map());
    expect(state.calls).toBe(20);
    expect(reasonsOf('breaker-default-threshold').at(-1)).toBe('breaker_open');
  });

  test('with the defaults exactly half of the calls failing does not open it', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-default-half' })(loader);
    for (let index = 0; index < 20; index++) {
      state.failing = index % 2 === 0;
      await load(['a']);
    }
    expect(await breakerState('breaker-default-half')).toBe(0);
    state.failing = false;
    expect(await load(['a'])).toEqual(new Map([['a', 'data:a']]));
    expect(state.calls).toBe(21);
  });
});

describe('enabled: false', () => {
  test('a disabled breaker lets every call through, and a failing or invalid answer still falls back instead of rejecting', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-disabled', breaker: { enabled: false, volumeThreshold: 2 } })(loader);
    expect(await callTimes(5, () => load(['a']))).toEqual(Array.from({ length: 5 }, () => new Map()));
    expect(state.calls).toBe(5);
    expect(await breakerState('breaker-disabled')).toBe(0);
    const invalid = fieldDependency(Map, { owner: 'shopping', name: 'breaker-disabled-invalid', breaker: { enabled: false } })(async () => 'not a map' as unknown as Map<string, string>);
    expect(await invalid()).toEqual(new Map());
    expect(reasonsOf('breaker-disabled')).toEqual(Array(5).fill('error'));
    expect(reasonsOf('breaker-disabled-invalid')).toEqual(['invalid_result']);
    state.failing = false;
    expect(await load(['a'])).toEqual(new Map([['a', 'data:a']]));
  });
});

describe('open, half-open, closed', () => {
  test('open: calls answer the fallback at once with reason breaker_open, without calling the loader', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-open', breaker: { volumeThreshold: 2 } })(loader);

    await callTimes(2, () => load(['a']));
    expect(await breakerState('breaker-open')).toBe(2);
    expect(state.calls).toBe(2);

    state.failing = false;
    const answers = await callTimes(5, () => load(['a']));
    expect(state.calls).toBe(2);
    for (const answer of answers) expect(answer).toEqual(new Map());
    expect(new Set(answers).size).toBe(5);
    expect(reasonsOf('breaker-open')).toEqual(['error', 'error', ...Array(5).fill('breaker_open')]);
    const refusal = events.at(-1);
    expect(isBreakerOpenError(refusal?.error)).toBe(true);
    expect(refusal?.error).toBeInstanceOf(BreakerOpenError);
    expect(await degradations('breaker-open', 'breaker_open')).toBe(5);
    expect(await degradations('breaker-open', 'error')).toBe(2);
  });

  test('after resetTimeout it is half-open: one probe goes through, a success closes it', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-probe-success', breaker: { volumeThreshold: 2 } })(loader);
    await callTimes(2, () => load(['a']));
    expect(await breakerState('breaker-probe-success')).toBe(2);

    // resetTimeout is the default 10 s: one millisecond short of it, still open.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(await breakerState('breaker-probe-success')).toBe(2);
    expect(await load(['a'])).toEqual(new Map());
    expect(state.calls).toBe(2);

    await vi.advanceTimersByTimeAsync(1);
    expect(await breakerState('breaker-probe-success')).toBe(1);

    state.failing = false;
    // Two calls while half-open: the first is the probe, the second is refused without calling the loader.
    const probe = load(['p']);
    const second = load(['q']);
    expect(await second).toEqual(new Map());
    expect(state.calls).toBe(3);
    expect(await probe).toEqual(new Map([['p', 'data:p']]));
    expect(await breakerState('breaker-probe-success')).toBe(0);

    expect(await load(['b'])).toEqual(new Map([['b', 'data:b']]));
    expect(state.calls).toBe(4);
    expect(reasonsOf('breaker-probe-success')).toEqual(['error', 'error', 'breaker_open', 'breaker_open']);
  });

  test('a failed probe opens it again, until the next resetTimeout', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-probe-failure', breaker: { volumeThreshold: 2, resetTimeout: 1_000 } })(
      loader,
    );
    await callTimes(2, () => load(['a']));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await breakerState('breaker-probe-failure')).toBe(1);

    expect(await load(['a'])).toEqual(new Map());
    expect(state.calls).toBe(3);
    expect(await breakerState('breaker-probe-failure')).toBe(2);
    expect(await load(['a'])).toEqual(new Map());
    expect(state.calls).toBe(3);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(await breakerState('breaker-probe-failure')).toBe(1);
    state.failing = false;
    expect(await load(['a'])).toEqual(new Map([['a', 'data:a']]));
    expect(await breakerState('breaker-probe-failure')).toBe(0);
    expect(reasonsOf('breaker-probe-failure')).toEqual(['error', 'error', 'error', 'breaker_open']);
  });

  test('options pass through to opossum: volumeThreshold and resetTimeout', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-options', breaker: { volumeThreshold: 3, resetTimeout: 500 } })(loader);
    await callTimes(2, () => load(['a']));
    expect(await breakerState('breaker-options')).toBe(0);
    await load(['a']);
    expect(await breakerState('breaker-options')).toBe(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(await breakerState('breaker-options')).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(await breakerState('breaker-options')).toBe(1);
    expect(state.calls).toBe(3);
  });

  test('errorThresholdPercentage passes through', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-threshold', breaker: { volumeThreshold: 4, errorThresholdPercentage: 20 } })(
      loader,
    );
    state.failing = false;
    await callTimes(3, () => load(['a']));
    state.failing = true;
    await load(['a']);
    // 1 failure in 4 calls is 25 %, above 20 %.
    expect(await breakerState('breaker-threshold')).toBe(2);
  });

  test('a critical dependency with an explicit breaker rejects FieldDependencyError reason breaker_open when open', async () => {
    let calls = 0;
    const load = fieldDependency(Array, { owner: 'images', name: 'breaker-critical', critical: true, breaker: { volumeThreshold: 2 } })(
      async (): Promise<string[]> => {
        calls++;
        throw new Error('down');
      },
    );
    expect(await breakerState('breaker-critical')).toBe(0);
    await expect(load()).rejects.toMatchObject({ reason: 'error' });
    await expect(load()).rejects.toMatchObject({ reason: 'error' });
    expect(await breakerState('breaker-critical')).toBe(2);

    const error: unknown = await load().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(calls).toBe(2);
    expect(isFieldDependencyError(error)).toBe(true);
    const failure = error as FieldDependencyError;
    expect(failure.reason).toBe('breaker_open');
    expect(failure.code).toBe('ERR_FIELD_DEPENDENCY_BREAKER_OPEN');
    expect(failure.field).toBe('breaker-critical');
    expect(failure.owner).toBe('images');
    expect(isBreakerOpenError(failure.cause)).toBe(true);
  });
});

describe('errorFilter', () => {
  test('a filtered error still degrades the value, but the breaker does not count it', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, {
      owner: 'shopping',
      name: 'breaker-error-filter',
      breaker: { volumeThreshold: 2, errorFilter: (error: unknown) => (error as Error).message === 'upstream down' },
    })(loader);

    const answers = await callTimes(5, () => load(['a']));
    for (const answer of answers) expect(answer).toEqual(new Map());
    expect(state.calls).toBe(5);
    expect(await breakerState('breaker-error-filter')).toBe(0);
    expect(reasonsOf('breaker-error-filter')).toEqual(Array(5).fill('error'));
  });

  test('an error the filter does not match is counted, and opens the breaker', async () => {
    const load = fieldDependency(Map, {
      owner: 'shopping',
      name: 'breaker-error-filter-miss',
      breaker: { volumeThreshold: 2, errorFilter: () => false },
    })(async (_ids: readonly string[]): Promise<Map<string, string>> => {
      throw new Error('upstream down');
    });
    await callTimes(2, () => load(['a']));
    expect(await breakerState('breaker-error-filter-miss')).toBe(2);
  });

  test('a sync loader: a filtered throw degrades synchronously and is not counted', () => {
    let calls = 0;
    const load = fieldDependency(Number, {
      owner: 'shopping',
      name: 'breaker-error-filter-sync',
      breaker: { volumeThreshold: 2, errorFilter: () => true },
    })((_id: string): number => {
      calls++;
      throw new Error('upstream down');
    });
    for (let index = 0; index < 4; index++) expect(load('a')).toBe(0);
    expect(calls).toBe(4);
  });
});

describe('resetFieldDependencies', () => {
  test('gives the breaker a fresh window: failures from before the reset do not count towards opening it', async () => {
    const { state, loader } = scriptedLoader();
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-reset-window', breaker: { volumeThreshold: 2 } })(loader);
    await callTimes(2, () => load(['a']));
    expect(await breakerState('breaker-reset-window')).toBe(2);

    resetFieldDependencies();
    expect(await breakerState('breaker-reset-window')).toBe(0);
    await load(['a']);
    expect(state.calls).toBe(3);
    expect(await breakerState('breaker-reset-window')).toBe(0);
    await load(['a']);
    expect(state.calls).toBe(4);
    expect(await breakerState('breaker-reset-window')).toBe(2);
  });
});

describe('what counts as a failure', () => {
  test('timeouts count as breaker failures', async () => {
    let calls = 0;
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-timeouts', timeoutMs: 50, breaker: { volumeThreshold: 2 } })(
      (): Promise<Map<string, string>> => {
        calls++;
        return new Promise(() => {});
      },
    );
    for (let index = 0; index < 2; index++) {
      const pending = load();
      await vi.advanceTimersByTimeAsync(50);
      expect(await pending).toEqual(new Map());
    }
    expect(await breakerState('breaker-timeouts')).toBe(2);
    expect(await load()).toEqual(new Map());
    expect(calls).toBe(2);
    expect(reasonsOf('breaker-timeouts')).toEqual(['timeout', 'timeout', 'breaker_open']);
  });

  test('invalid results count as breaker failures', async () => {
    let calls = 0;
    const load = fieldDependency(Map, { owner: 'shopping', name: 'breaker-invalid', breaker: { volumeThreshold: 2 } })(async () => {
      calls++;
      return ['not', 'a', 'map'] as unknown as Map<string, string>;
    });
    await callTimes(2, () => load());
    expect(await breakerState('breaker-invalid')).toBe(2);
    expect(await load()).toEqual(new Map());
    expect(calls).toBe(2);
    expect(reasonsOf('breaker-invalid')).toEqual(['invalid_result', 'invalid_result', 'breaker_open']);
  });

  test('rejections with non-Error values count as failures too', async () => {
    let calls = 0;
    const load = fieldDependency(Set, { owner: 'shopping', name: 'breaker-non-error', breaker: { volumeThreshold: 2 } })(
      (): Promise<Set<string>> => {
        calls++;
        return Promise.reject('plain string');
      },
    );
    await callTimes(2, () => load());
    expect(await breakerState('breaker-non-error')).toBe(2);
    expect(await load()).toEqual(new Set());
    expect(calls).toBe(2);
  });

  test('partial batches do not count as failures', async () => {
    let calls = 0;
    const load = fieldDependency([null], { owner: 'comments', name: 'breaker-partial', breaker: { volumeThreshold: 2 } })(
      async (ids: readonly string[]): Promise<(string | Error | null)[]> => {
        calls++;
        return ids.map((id, index) => (index === 0 ? new Error(`no ${id}`) : `comment:${id}`));
      },
    );
    const answers = await callTimes(10, () => load(['a', 'b']));
    expect(calls).toBe(10);
    for (const answer of answers) expect(answer).toEqual([null, 'comment:b']);
    expect(await breakerState('breaker-partial')).toBe(0);
    expect(reasonsOf('breaker-partial')).toEqual(Array(10).fill('partial'));
  });
});

describe('sync loaders', () => {
  test('a sync loader with a breaker stays sync: success, failure, and open all answer synchronously', async () => {
    let calls = 0;
    let failing = false;
    const load = fieldDependency(Array, { owner: 'boards', name: 'breaker-sync', breaker: { volumeThreshold: 2 } })((ids: readonly string[]): string[] => {
      calls++;
      if (failing) throw new Error('down');
      return ids.map((id) => `board:${id}`);
    });

    const ok = load(['a']);
    expect(ok).toEqual(['board:a']);
    failing = true;
    const first = load(['a']);
    expect(first).toEqual([]);
    expect(load(['a'])).toEqual([]);
    expect(await breakerState('breaker-sync')).toBe(2);

    const refused = load(['a']);
    expect(refused).not.toBeInstanceOf(Promise);
    expect(refused).toEqual([]);
    expect(calls).toBe(3);
    expect(reasonsOf('breaker-sync')).toEqual(['error', 'error', 'breaker_open']);
  });

  test('a critical sync loader with an open breaker throws synchronously', async () => {
    const load = fieldDependency(Number, { owner: 'counts', name: 'breaker-sync-critical', critical: true, breaker: { volumeThreshold: 1 } })((): number => {
      throw new Error('down');
    });
    expect(() => load()).toThrow(expect.objectContaining({ reason: 'error' }));
    expect(await breakerState('breaker-sync-critical')).toBe(2);
    let thrown: unknown;
    try {
      load();
    } catch (error) {
      thrown = error;
    }
    expect(isFieldDependencyError(thrown)).toBe(true);
    expect((thrown as FieldDependencyError).reason).toBe('breaker_open');
  });
});

describe('options objects', () => {
  test('two dependencies given the same options object keep independent breakers, and the object is not written to', async () => {
    const options = Object.freeze({ volumeThreshold: 2, resetTimeout: 1_000 });
    const a = scriptedLoader();
    const b = scriptedLoader();
    b.state.failing = false;
    const loadA = fieldDependency(Map, { owner: 'shopping', name: 'breaker-shared-a', breaker: options })(a.loader);
    const loadB = fieldDependency(Map, { owner: 'shopping', name: 'breaker-shared-b', breaker: options })(b.loader);
    expect(options).toEqual({ volumeThreshold: 2, resetTimeout: 1_000 });

    await callTimes(2, () => loadA(['x']));
    expect(await breakerState('breaker-shared-a')).toBe(2);
    expect(await breakerState('breaker-shared-b')).toBe(0);
    expect(await loadB(['x'])).toEqual(new Map([['x', 'data:x']]));
    expect(b.state.calls).toBe(1);
    expect(Object.keys(options)).toEqual(['volumeThreshold', 'resetTimeout']);
    expect(DEFAULT_BREAKER_OPTIONS).toEqual({ errorThresholdPercentage: 50, volumeThreshold: 20, rollingCountTimeout: 10_000, resetTimeout: 10_000 });
  });

  test('a mutable options object is not written to either', () => {
    const options: { volumeThreshold: number } = { volumeThreshold: 5 };
    fieldDependency(Map, { owner: 'shopping', name: 'breaker-mutable-options', breaker: options })(async () => new Map());
    expect(options).toEqual({ volumeThreshold: 5 });
  });
});
