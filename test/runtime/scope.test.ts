import diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEGRADED_CHANNEL,
  UNMATCHED_ENDPOINT,
  currentDegradations,
  currentSignal,
  degradationScope,
  fieldDependency,
  isDependencyTimeoutError,
  type DegradationEvent,
  type DegradationScopeOptions,
  type FallbackType,
  type FieldDependencyOptions,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

const OWNER = 'scope';
let sequence = 0;
const uniqueField = (): string => `scope_${++sequence}`;

beforeEach(() => {
  useFreshMetricsRegistry();
});

afterEach(() => {
  vi.useRealTimers();
});

type Loader = (keys: readonly string[]) => unknown;

function declare(type: FallbackType, loader: Loader, options: Omit<FieldDependencyOptions, 'owner'> = {}) {
  const field = options.name ?? uniqueField();
  return { field, wrapped: fieldDependency(type, { owner: OWNER, ...options, name: field })(loader) };
}

const failing = (): Promise<never> => Promise.reject(new Error('down'));

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('degradationScope', () => {
  it('a targetingKey that throws when looked at (a Proxy) is refused with the documented TypeError, not its own error', () => {
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('proxy touched');
        },
        getPrototypeOf() {
          throw new Error('proxy touched');
        },
      },
    );
    expect(() => degradationScope(() => 1, { endpoint: '/v3/pins/:id', targetingKey: proxy as never })).toThrow(
      new TypeError('degradationScope: option `targetingKey` must be a string (a user or session id) or undefined; received a value that throws when inspected'),
    );
  });

  it('returns the value of a sync fn', () => {
    expect(degradationScope(() => 42, { endpoint: '/v3/pins/:id' })).toBe(42);
  });

  it('returns the promise of an async fn, resolving to its value', async () => {
    const result = degradationScope(async () => 'page', { endpoint: '/v3/pins/:id' });
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe('page');
  });

  it('lets a throw or a rejection of fn through unchanged', async () => {
    const error = new Error('handler failed');
    expect(() =>
      degradationScope(() => {
        throw error;
      }, { endpoint: '/a' }),
    ).toThrow(error);
    await expect(degradationScope(async () => Promise.reject(error), { endpoint: '/a' })).rejects.toBe(error);
  });

  it('lists each degraded field, owner and reason once, in order', async () => {
    const { field: comments, wrapped: loadComments } = declare(Map, failing);
    const { field: boards, wrapped: loadBoards } = declare([null], async () => [1, 2]);
    const { field: pins, wrapped: loadPins } = declare([Object], async () => [{ id: 'a' }, new Error('b failed')]);
    const seen = await degradationScope(async () => {
      expect(currentDegradations()).toEqual([]);
      await loadComments(['a']);
      await loadComments(['b']);
      await loadBoards(['a']); // wrong length: invalid_result
      await loadBoards(['a', 'b']); // fine: nothing to list
      await loadPins(['a', 'b']);
      await loadComments(['c']);
      return currentDegradations();
    }, { endpoint: '/v3/home' });
    expect(seen).toEqual([
      { field: comments, owner: OWNER, reason: 'error' },
      { field: boards, owner: OWNER, reason: 'invalid_result' },
      { field: pins, owner: OWNER, reason: 'partial' },
    ]);
  });

  it('lists a field once per reason', async () => {
    const results: unknown[] = [Promise.reject(new Error('x')), Promise.resolve('not a map')];
    const { field, wrapped } = declare(Map, () => results.shift());
    const seen = await degradationScope(async () => {
      await wrapped(['a']);
      await wrapped(['a']);
      return currentDegradations();
    }, { endpoint: '/x' });
    expect(seen).toEqual([
      { field, owner: OWNER, reason: 'error' },
      { field, owner: OWNER, reason: 'invalid_result' },
    ]);
  });

  it('lists a critical dependency that failed too', async () => {
    const { field, wrapped } = declare(Map, failing, { critical: true });
    const seen = await degradationScope(async () => {
      await expect(wrapped(['a'])).rejects.toMatchObject({ reason: 'error' });
      return currentDegradations();
    }, { endpoint: '/x' });
    expect(seen).toEqual([{ field, owner: OWNER, reason: 'error' }]);
  });

  it('works for sync loaders in a sync scope', () => {
    const { field, wrapped } = declare(Array, () => {
      throw new Error('sync');
    });
    const seen = degradationScope(() => {
      expect(wrapped(['a'])).toEqual([]);
      return currentDegradations();
    }, { endpoint: '/sync' });
    expect(seen).toEqual([{ field, owner: OWNER, reason: 'error' }]);
  });

  it('hands out a copy: changing it does not change the record', async () => {
    const { wrapped } = declare(Map, failing);
    await degradationScope(async () => {
      await wrapped(['a']);
      (currentDegradations() as unknown[]).length = 0;
      expect(currentDegradations()).toHaveLength(1);
    }, { endpoint: '/x' });
  });

  it('is empty outside a scope, even after degradations outside and inside one', async () => {
    const { wrapped } = declare(Map, failing);
    expect(currentDegradations()).toEqual([]);
    await wrapped(['a']);
    expect(currentDegradations()).toEqual([]);
    await degradationScope(() => wrapped(['a']), { endpoint: '/x' });
    expect(currentDegradations()).toEqual([]);
  });

  it('keeps two interleaved async scopes apart', async () => {
    const { field: first, wrapped: loadFirst } = declare(Map, failing);
    const { field: second, wrapped: loadSecond } = declare(Set, failing);
    const firstStarted = deferred();
    const secondDone = deferred();
    const scopeA = degradationScope(async () => {
      firstStarted.resolve();
      await secondDone.promise; // B degrades while A is suspended
      await loadFirst(['a']);
      return currentDegradations();
    }, { endpoint: '/a' });
    const scopeB = degradationScope(async () => {
      await firstStarted.promise;
      await loadSecond(['b']);
      const seen = currentDegradations();
      secondDone.resolve();
      await new Promise((resolve) => setImmediate(resolve)); // A degrades while B is suspended
      expect(currentDegradations()).toEqual(seen);
      return seen;
    }, { endpoint: '/b' });
    expect(await scopeA).toEqual([{ field: first, owner: OWNER, reason: 'error' }]);
    expect(await scopeB).toEqual([{ field: second, owner: OWNER, reason: 'error' }]);
  });

  describe('lazy endpoint', () => {
    let events: DegradationEvent[];
    const listener = (message: unknown): void => {
      events.push(message as DegradationEvent);
    };
    beforeEach(() => {
      events = [];
      diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listener);
    });
    afterEach(() => {
      diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listener);
    });

    it('is resolved once, at the first dependency call, not when the scope opens', async () => {
      const { wrapped } = declare(Map, failing);
      let route: string | undefined;
      const endpoint = vi.fn(() => route);
      await degradationScope(async () => {
        expect(endpoint).not.toHaveBeenCalled();
        route = '/v3/pins/:id'; // a framework matches the route after the scope opened
        await wrapped(['a']);
        await wrapped(['b']);
      }, { endpoint });
      expect(endpoint).toHaveBeenCalledTimes(1);
      expect(events.map((event) => event.endpoint)).toEqual(['/v3/pins/:id', '/v3/pins/:id']);
    });

    it('is never called when no dependency is called', () => {
      const endpoint = vi.fn(() => '/x');
      degradationScope(() => undefined, { endpoint });
      expect(endpoint).not.toHaveBeenCalled();
    });

    it.each([undefined, ''])('resolving to %o gives the unmatched endpoint', async (resolved) => {
      const { wrapped } = declare(Map, failing);
      await degradationScope(() => wrapped(['a']), { endpoint: () => resolved });
      expect(UNMATCHED_ENDPOINT).toBe('__unmatched__');
      expect(events[0]?.endpoint).toBe(UNMATCHED_ENDPOINT);
    });
  });

  it.each([
    ['fn undefined', undefined, { endpoint: '/x' }, /degradationScope: `fn` must be a function; received undefined/],
    ['fn a string', 'handler', { endpoint: '/x' }, /degradationScope: `fn` must be a function; received "handler"/],
    ['options missing', () => 1, undefined, /option `endpoint` must be a route template such as '\/v3\/pins\/:id', or a function returning one; received undefined/],
    ['options null', () => 1, null, /option `endpoint` must be .*; received undefined/],
    ['endpoint missing', () => 1, {}, /option `endpoint` must be .*; received undefined/],
    ['endpoint empty', () => 1, { endpoint: '' }, /option `endpoint` must be .*; received ""/],
    ['endpoint a number', () => 1, { endpoint: 404 }, /option `endpoint` must be .*; received number 404/],
    ['endpoint an object', () => 1, { endpoint: { path: '/x' } }, /option `endpoint` must be .*; received an object \(Object\)/],
  ])('%s: throws a TypeError before running fn', (_label, fn, options, message) => {
    const run = vi.fn(typeof fn === 'function' ? fn : () => 1);
    const call = () => degradationScope((typeof fn === 'function' ? run : fn) as () => unknown, options as DegradationScopeOptions);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('currentSignal', () => {
  it('is undefined outside a call, and inside a loader without timeoutMs', async () => {
    expect(currentSignal()).toBeUndefined();
    let seen: unknown = 'not called';
    const { wrapped } = declare(Map, async () => {
      seen = currentSignal();
      return new Map();
    });
    await wrapped(['a']);
    expect(seen).toBeUndefined();
  });

  it.each([false, true])('critical: %s, is an AbortSignal inside a loader with timeoutMs, also after an await, and distinct per call', async (critical) => {
    const signals: (AbortSignal | undefined)[] = [];
    const { wrapped } = declare(Map, async () => {
      signals.push(currentSignal());
      await new Promise((resolve) => setImmediate(resolve));
      signals.push(currentSignal());
      return new Map();
    }, { critical, timeoutMs: 10_000 });
    await Promise.all([wrapped(['a']), wrapped(['b'])]);
    expect(signals).toHaveLength(4);
    for (const signal of signals) expect(signal).toBeInstanceOf(AbortSignal);
    expect(new Set(signals).size).toBe(2);
    expect(signals.every((signal) => signal?.aborted === false)).toBe(true);
    expect(currentSignal()).toBeUndefined();
  });

  it('is set for a sync loader with timeoutMs', () => {
    let seen: unknown;
    const { wrapped } = declare(Array, () => {
      seen = currentSignal();
      return [];
    }, { timeoutMs: 100 });
    wrapped(['a']);
    expect(seen).toBeInstanceOf(AbortSignal);
  });

  it.each([false, true])('critical: %s, a call that times out aborts its own signal, with the DependencyTimeoutError, and no other', async (critical) => {
    vi.useFakeTimers();
    const signals = new Map<string, AbortSignal | undefined>();
    const { field, wrapped } = declare(Map, (keys) => {
      signals.set(keys[0] as string, currentSignal());
      return new Promise(() => {});
    }, { critical, timeoutMs: 100 });
    const outcomes: unknown[] = [];
    const keep = (promise: unknown) => (promise as Promise<unknown>).then((value) => outcomes.push(value), (error: unknown) => outcomes.push(error));
    void keep(wrapped(['early']));
    await vi.advanceTimersByTimeAsync(50);
    void keep(wrapped(['late']));
    await vi.advanceTimersByTimeAsync(50);
    const early = signals.get('early');
    const late = signals.get('late');
    expect(early).not.toBe(late);
    expect(early?.aborted).toBe(true);
    expect(isDependencyTimeoutError(early?.reason)).toBe(true);
    expect(early?.reason).toMatchObject({ field, timeoutMs: 100 });
    expect(late?.aborted).toBe(false);
    expect(outcomes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(late?.aborted).toBe(true);
    expect(outcomes).toHaveLength(2);
  });

  it('a call that answered in time never gets its signal aborted', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const { wrapped } = declare(Map, async () => {
      signal = currentSignal();
      return new Map([['a', 1]]);
    }, { timeoutMs: 100 });
    expect(await wrapped(['a'])).toEqual(new Map([['a', 1]]));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signal?.aborted).toBe(false);
  });

  it('aborting lets the loader cancel its upstream request', async () => {
    vi.useFakeTimers();
    const cancelled: unknown[] = [];
    const { wrapped } = declare(Map, () => {
      const signal = currentSignal();
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          cancelled.push(signal.reason);
          reject(signal.reason);
        });
      });
    }, { timeoutMs: 20 });
    const result = wrapped(['a']);
    await vi.advanceTimersByTimeAsync(20);
    expect(await result).toEqual(new Map());
    expect(cancelled).toHaveLength(1);
    expect(isDependencyTimeoutError(cancelled[0])).toBe(true);
  });
});

describe('the request scope and the call signal together', () => {
  it('a timed call keeps the request: what degrades inside it, and its own timeout, are recorded in the request', async () => {
    const inner = fieldDependency(Map, { owner: 'shopping', name: 'scope-signal-inner', breaker: false })(
      async (_ids: readonly string[]): Promise<Map<string, number>> => {
        throw new Error('inner upstream down');
      },
    );
    let signalInside: AbortSignal | undefined;
    let degradationsInside: readonly unknown[] = [];
    const outer = fieldDependency([null], { owner: 'comments', name: 'scope-signal-outer', timeoutMs: 20, breaker: false })(
      async (ids: readonly string[]): Promise<(number | null)[]> => {
        await inner(ids);
        signalInside = currentSignal();
        degradationsInside = currentDegradations();
        return new Promise(() => {});
      },
    );

    const degradations = await degradationScope(async () => {
      expect(await outer(['a'])).toEqual([null]);
      return currentDegradations();
    }, { endpoint: '/v3/pins/:id' });

    expect(signalInside?.aborted).toBe(true);
    expect(degradationsInside).toEqual([{ field: 'scope-signal-inner', owner: 'shopping', reason: 'error' }]);
    expect(degradations).toEqual([
      { field: 'scope-signal-inner', owner: 'shopping', reason: 'error' },
      { field: 'scope-signal-outer', owner: 'comments', reason: 'timeout' },
    ]);
  });

  it('a scope opened inside a timed call keeps that call\'s signal', async () => {
    let signals: [AbortSignal | undefined, AbortSignal | undefined] = [undefined, undefined];
    const load = fieldDependency(Number, { owner: 'comments', name: 'scope-inside-signal', timeoutMs: 1_000, breaker: false })(
      async (_id: string): Promise<number> => {
        const outside = currentSignal();
        const inside = degradationScope(() => currentSignal(), { endpoint: '/nested' });
        signals = [outside, inside];
        return 1;
      },
    );
    expect(await load('a')).toBe(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[1]).toBe(signals[0]);
  });
});
