import diagnosticsChannel from 'node:diagnostics_channel';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEGRADED_CHANNEL,
  currentSignal,
  degradationScope,
  disableDependency,
  enableDependency,
  fieldDependency,
  isBreakerOpenError,
  isDependencyDisabledError,
  isDependencyTimeoutError,
  isFieldDependencyError,
  isInvalidResultError,
  shutdownFieldDependencies,
  type DegradationEvent,
  type FallbackType,
  type FieldDependencyOptions,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

const OWNER = 'events';
let sequence = 0;
const uniqueField = (): string => `events_${++sequence}`;

let events: DegradationEvent[];
const listener = (message: unknown): void => {
  events.push(message as DegradationEvent);
};

beforeEach(() => {
  useFreshMetricsRegistry();
  events = [];
  diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listener);
});

afterEach(() => {
  diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listener);
  vi.useRealTimers();
  vi.restoreAllMocks();
});

afterAll(() => {
  shutdownFieldDependencies();
});

type Loader = (keys: readonly string[]) => unknown;

function declare(type: FallbackType, loader: Loader, options: Omit<FieldDependencyOptions, 'owner'> = {}) {
  const field = options.name ?? uniqueField();
  return { field, wrapped: fieldDependency(type, { owner: OWNER, ...options, name: field })(loader) };
}

/** The call's outcome, whether it resolved or rejected. */
async function settle(value: unknown): Promise<unknown> {
  try {
    return await value;
  } catch (error) {
    return error;
  }
}

it('the channel name is the documented one', () => {
  expect(DEGRADED_CHANNEL).toBe('field-dependency:degraded');
});

describe.each([false, true])('critical: %s', (critical) => {
  it('error: publishes field, owner, critical, reason, the original error, all keys and no endpoint outside a scope', async () => {
    const cause = { status: 503 };
    const { field, wrapped } = declare(Map, async () => Promise.reject(cause), { critical });
    const outcome = await settle(wrapped(['a', 'b']));
    expect(isFieldDependencyError(outcome)).toBe(critical);
    expect(events).toEqual([{ field, owner: OWNER, critical, reason: 'error', error: cause, keys: ['a', 'b'], endpoint: undefined }]);
    expect(events[0]?.error).toBe(cause);
  });

  it('error inside a degradationScope: carries the endpoint', async () => {
    const { wrapped } = declare(Map, () => {
      throw 'sync failure';
    }, { critical });
    degradationScope(() => {
      try {
        wrapped(['a']);
      } catch {
        // critical: the sync loader's failure is thrown synchronously
      }
    }, { endpoint: '/v3/pins/:id' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'error', error: 'sync failure', endpoint: '/v3/pins/:id', critical });
  });

  it('timeout: the error is the DependencyTimeoutError the signal was aborted with', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const { field, wrapped } = declare(Map, () => {
      signal = currentSignal();
      return new Promise(() => {});
    }, { critical, timeoutMs: 50 });
    const outcome = settle(wrapped(['k']));
    await vi.advanceTimersByTimeAsync(50);
    await outcome;
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ field, owner: OWNER, critical, reason: 'timeout', keys: ['k'] });
    expect(isDependencyTimeoutError(event?.error)).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(event?.error);
  });

  it('invalid_result: the error is an InvalidResultError holding the value', async () => {
    const { field, wrapped } = declare([null], async () => [1, 2, 3], { critical });
    await settle(wrapped(['a', 'b']));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ field, critical, reason: 'invalid_result', keys: ['a', 'b'] });
    expect(isInvalidResultError(events[0]?.error)).toBe(true);
    expect((events[0]?.error as { result: unknown }).result).toEqual([1, 2, 3]);
  });

  it('partial, one key: only the failed key, and its own error', async () => {
    const cause = new Error('b is gone');
    const { field, wrapped } = declare([Object], async () => [{ id: 'a' }, cause, { id: 'c' }], { critical });
    await wrapped(['a', 'b', 'c']);
    expect(events).toEqual([{ field, owner: OWNER, critical, reason: 'partial', error: cause, keys: ['b'], endpoint: undefined }]);
  });

  it('partial, several keys: the failed keys, and an AggregateError of their errors', async () => {
    const errors = [new Error('a failed'), new Error('c failed')];
    const { wrapped } = declare([Object], async () => [errors[0], { id: 'b' }, errors[1]], { critical });
    await wrapped(['a', 'b', 'c']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'partial', keys: ['a', 'c'] });
    expect(events[0]?.error).toBeInstanceOf(AggregateError);
    expect((events[0]?.error as AggregateError).errors).toEqual(errors);
  });

  it('disabled: the loader is not called, the error is a DependencyDisabledError; enabling stops it', async () => {
    const loader = vi.fn(async () => new Map([['a', 1]]));
    const { field, wrapped } = declare(Map, loader, { critical });
    disableDependency(field, OWNER);
    const outcome = await settle(wrapped(['a']));
    expect(loader).not.toHaveBeenCalled();
    if (critical) expect(outcome).toMatchObject({ reason: 'disabled', code: 'ERR_FIELD_DEPENDENCY_DISABLED' });
    else expect(outcome).toEqual(new Map());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ field, owner: OWNER, critical, reason: 'disabled', keys: ['a'] });
    expect(isDependencyDisabledError(events[0]?.error)).toBe(true);
    enableDependency(field, OWNER);
    expect(await wrapped(['a'])).toEqual(new Map([['a', 1]]));
    expect(events).toHaveLength(1);
  });

  it('breaker_open: once failures open the breaker, the loader is skipped and the error is a BreakerOpenError', async () => {
    const loader = vi.fn(async (): Promise<Map<string, number>> => Promise.reject(new Error('down')));
    const { field, wrapped } = declare(Map, loader, { critical, breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeout: 60_000 } });
    await settle(wrapped(['a']));
    const outcome = await settle(wrapped(['b']));
    expect(loader).toHaveBeenCalledTimes(1);
    if (critical) expect(outcome).toMatchObject({ reason: 'breaker_open', code: 'ERR_FIELD_DEPENDENCY_BREAKER_OPEN' });
    else expect(outcome).toEqual(new Map());
    expect(events.map((event) => event.reason)).toEqual(['error', 'breaker_open']);
    expect(events[1]).toMatchObject({ field, owner: OWNER, critical, keys: ['b'] });
    expect(isBreakerOpenError(events[1]?.error)).toBe(true);
  });

  it('breaker_open: a call refused by the breaker capacity (semaphore) is a breaker_open degradation', async () => {
    let release: (value: Map<string, number>) => void = () => {};
    const loader = vi.fn(() => new Promise<Map<string, number>>((resolve) => (release = resolve)));
    const { wrapped } = declare(Map, loader, { critical, breaker: { capacity: 1 } });
    const first = wrapped(['a']);
    const second = await settle(wrapped(['b']));
    release(new Map([['a', 1]]));
    expect(await first).toEqual(new Map([['a', 1]]));
    expect(loader).toHaveBeenCalledTimes(1);
    if (!critical) expect(second).toEqual(new Map());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'breaker_open', keys: ['b'] });
    expect(isBreakerOpenError(events[0]?.error)).toBe(true);
    expect((events[0]?.error as Error).cause).toMatchObject({ code: 'ESEMLOCKED' });
  });
});

it('the fallback error is published only when the fallback option threw', async () => {
  const { wrapped } = declare(Map, async () => Promise.reject(new Error('down')), { fallback: () => new Map([['default', 1]]) });
  expect(await wrapped(['a'])).toEqual(new Map([['default', 1]]));
  expect(events).toHaveLength(1);
  expect(events[0]).not.toHaveProperty('fallbackError');
});

it('keys is undefined when the first argument is not an array', async () => {
  const wrapped = fieldDependency(Number, { owner: OWNER, name: uniqueField() })(async (_id: string): Promise<number> => Promise.reject(new Error('x')));
  await wrapped('single');
  expect(events).toHaveLength(1);
  expect(events[0]?.keys).toBeUndefined();
});

it('nothing is published for a call that succeeds', async () => {
  const { wrapped } = declare([null], async (keys) => keys.map((key) => key.toUpperCase()));
  expect(await wrapped(['a'])).toEqual(['A']);
  expect(events).toEqual([]);
});

it('a lazy endpoint is resolved for the event', async () => {
  const { wrapped } = declare(Map, async () => Promise.reject(new Error('x')));
  await degradationScope(() => wrapped(['a']), { endpoint: () => '/v3/boards/:id' });
  expect(events[0]?.endpoint).toBe('/v3/boards/:id');
});

describe('without subscribers', () => {
  beforeEach(() => {
    diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listener);
  });

  it('nothing is published, and degrading works the same', async () => {
    const channel = diagnosticsChannel.channel(DEGRADED_CHANNEL);
    expect(channel.hasSubscribers).toBe(false);
    const publish = vi.spyOn(channel, 'publish');
    const { wrapped } = declare(Map, async () => Promise.reject(new Error('down')));
    const { wrapped: partial } = declare([null], async () => [new Error('x'), 1]);
    const { wrapped: hard } = declare(Map, async () => Promise.reject(new Error('down')), { critical: true });
    expect(await wrapped(['a'])).toEqual(new Map());
    expect(await partial(['a', 'b'])).toEqual([null, 1]);
    expect(isFieldDependencyError(await settle(hard(['a'])))).toBe(true);
    expect(publish).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });

  it('the same spy sees a publish once somebody subscribes (so the check above can fail)', async () => {
    diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listener);
    // Spied after subscribing: Node swaps the channel's publish implementation when the first subscriber arrives.
    const publish = vi.spyOn(diagnosticsChannel.channel(DEGRADED_CHANNEL), 'publish');
    const { wrapped } = declare(Map, async () => Promise.reject(new Error('down')));
    await wrapped(['a']);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(events).toHaveLength(1);
  });
});
