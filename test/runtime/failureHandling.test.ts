import diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEGRADED_CHANNEL,
  FieldDependencyError,
  disableDependency,
  enableDependency,
  fieldDependency,
  isDependencyTimeoutError,
  isFieldDependencyError,
  isInvalidResultError,
  type DegradationEvent,
  type DegradationReason,
  type FallbackType,
  type FieldDependencyOptions,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

const OWNER = 'failures';
let registry: Registry;
let sequence = 0;
/** A field name no other test uses: dependencies are shared per (field, owner) for the whole process. */
const uniqueField = (label: string): string => `${label.replace(/[^a-z0-9]+/gi, '_')}_${++sequence}`;

beforeEach(() => {
  registry = useFreshMetricsRegistry();
});

afterEach(() => {
  vi.useRealTimers();
});

type Loader = (keys: readonly string[]) => unknown;

function wrap(type: FallbackType, loader: Loader, options: Omit<FieldDependencyOptions, 'owner'> = {}) {
  const name = options.name ?? uniqueField('field');
  const wrapped = fieldDependency(type, { owner: OWNER, ...options, name })(loader);
  return { wrapped, name };
}

/** The counters of one field, read from the registry as an SRE would. */
async function countersOf(field: string): Promise<{ reasons: Partial<Record<DegradationReason, number>>; outcomes: Record<string, number>; keys: Record<string, number> }> {
  const metrics = await registry.getMetricsAsJSON();
  const valuesOf = (name: string) => (metrics.find((metric) => metric.name === name)?.values ?? []).filter((value) => value.labels.field === field);
  const reasons: Partial<Record<DegradationReason, number>> = {};
  for (const { labels, value } of valuesOf('field_dependency_degradations_total')) if (value > 0) reasons[labels.reason as DegradationReason] = value;
  const outcomes: Record<string, number> = {};
  for (const { labels, value } of valuesOf('field_dependency_calls_total')) if (value > 0) outcomes[String(labels.outcome)] = value;
  const keys: Record<string, number> = {};
  for (const { labels, value } of valuesOf('field_dependency_keys_total')) if (value > 0) keys[String(labels.outcome)] = value;
  return { reasons, outcomes, keys };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a synchronous throw');
}

async function rejectionOf(value: unknown): Promise<unknown> {
  expect(value).toBeInstanceOf(Promise);
  try {
    await value;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectFieldDependencyError(error: unknown, expected: { field: string; reason: DegradationReason }): FieldDependencyError {
  expect(isFieldDependencyError(error)).toBe(true);
  expect(error).toBeInstanceOf(FieldDependencyError);
  expect(error).toMatchObject({
    name: 'FieldDependencyError',
    code: `ERR_FIELD_DEPENDENCY_${expected.reason.toUpperCase()}`,
    field: expected.field,
    owner: OWNER,
    reason: expected.reason,
  });
  return error as FieldDependencyError;
}

/** Tracks whether a promise has settled, without handling its outcome for the test. */
function track(promise: unknown): { readonly settled: boolean } {
  const state = { settled: false };
  (promise as Promise<unknown>).then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

const thrownValues: readonly { label: string; value: unknown }[] = [
  { label: 'an Error', value: new Error('upstream down') },
  { label: 'a string', value: 'upstream down' },
  { label: 'undefined', value: undefined },
  { label: 'null', value: null },
  { label: 'a plain object', value: { status: 503 } },
  // What an upstream client guarded by its own opossum breaker rejects with: still the loader's error.
  { label: "an error coded like opossum's open breaker", value: Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' }) },
];

describe.each(thrownValues)('a loader failing with $label', ({ value }) => {
  it.each([
    ['rejects', (): Loader => async () => Promise.reject(value)],
    ['throws synchronously inside an async function', (): Loader => async () => {
      throw value;
    }],
  ])('non-critical: when it %s, resolves with a fresh empty value and counts reason error', async (_how, make) => {
    const { wrapped, name } = wrap(Map, make());
    const result = wrapped(['a', 'b']);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toEqual(new Map());
    expect(await countersOf(name)).toEqual({ reasons: { error: 1 }, outcomes: { degraded: 1 }, keys: { degraded: 2 } });
  });

  it('non-critical: when a sync loader throws it, returns the empty value synchronously', async () => {
    const { wrapped, name } = wrap(Array, () => {
      throw value;
    });
    const result = wrapped(['a']);
    expect(result).toEqual([]);
    expect(await countersOf(name)).toMatchObject({ reasons: { error: 1 }, outcomes: { degraded: 1 } });
  });

  it('critical: rejects with a FieldDependencyError whose cause is the original value', async () => {
    const { wrapped, name } = wrap(Map, async () => Promise.reject(value), { critical: true });
    const error = expectFieldDependencyError(await rejectionOf(wrapped(['a'])), { field: name, reason: 'error' });
    expect(error.cause).toBe(value);
    expect(await countersOf(name)).toEqual({ reasons: { error: 1 }, outcomes: { failed: 1 }, keys: { degraded: 1 } });
  });

  it('critical: a sync loader throws the FieldDependencyError synchronously', async () => {
    const { wrapped, name } = wrap(Array, () => {
      throw value;
    }, { critical: true });
    const error = expectFieldDependencyError(thrownBy(() => wrapped(['a'])), { field: name, reason: 'error' });
    expect(error.cause).toBe(value);
    expect(await countersOf(name)).toMatchObject({ reasons: { error: 1 }, outcomes: { failed: 1 } });
  });
});

describe('isFieldDependencyError', () => {
  it.each([
    ['an Error', new Error('x')],
    ['a look-alike object', { name: 'FieldDependencyError', code: 'ERR_FIELD_DEPENDENCY_ERROR', reason: 'error' }],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'FieldDependencyError'],
  ])('is false for %s', (_label, value) => {
    expect(isFieldDependencyError(value)).toBe(false);
  });

  it('keeps a message that names field, owner, reason and the cause', async () => {
    const { wrapped, name } = wrap(Map, async () => Promise.reject({ status: 503 }), { critical: true });
    const error = await rejectionOf(wrapped(['a']));
    expect((error as Error).message).toBe(`field dependency '${name}' (owner '${OWNER}') failed: error: {"status":503}`);
  });
});

describe('timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it.each([false, true])('a loader that never settles (critical: %s) settles at timeoutMs, not before', async (critical) => {
    const { wrapped, name } = wrap(Map, () => new Promise(() => {}), { critical, timeoutMs: 100 });
    const result = wrapped(['a']) as Promise<unknown>;
    const state = track(result);
    await vi.advanceTimersByTimeAsync(99);
    expect(state.settled).toBe(false);
    const outcome = critical ? rejectionOf(result) : result;
    await vi.advanceTimersByTimeAsync(1);
    if (critical) {
      const error = expectFieldDependencyError(await outcome, { field: name, reason: 'timeout' });
      expect(isDependencyTimeoutError(error.cause)).toBe(true);
      expect(error.cause).toMatchObject({ field: name, timeoutMs: 100, code: 'ERR_FIELD_DEPENDENCY_TIMEOUT' });
    } else {
      expect(await outcome).toEqual(new Map());
    }
    expect(await countersOf(name)).toMatchObject({ reasons: { timeout: 1 }, outcomes: critical ? { failed: 1 } : { degraded: 1 } });
  });

  it.each([
    [false, 'rejects', (): Promise<unknown> => Promise.reject(new Error('late failure'))],
    [true, 'rejects', (): Promise<unknown> => Promise.reject(new Error('late failure'))],
    [false, 'resolves', (): Promise<unknown> => Promise.resolve(new Map([['a', 1]]))],
    [true, 'resolves', (): Promise<unknown> => Promise.resolve(new Map([['a', 1]]))],
  ])('critical: %s, a slow loader that %s after the timeout changes nothing and leaks nothing', async (critical, _how, late) => {
    const { wrapped, name } = wrap(Map, () => new Promise((resolve) => setTimeout(resolve, 300)).then(late), { critical, timeoutMs: 100 });
    const result = wrapped(['a']) as Promise<unknown>;
    const outcome = critical ? rejectionOf(result) : result;
    await vi.advanceTimersByTimeAsync(100);
    if (critical) expectFieldDependencyError(await outcome, { field: name, reason: 'timeout' });
    else expect(await outcome).toEqual(new Map());
    await vi.advanceTimersByTimeAsync(500);
    // Counted once, as a timeout; the late outcome is neither an error nor a success.
    expect(await countersOf(name)).toEqual({ reasons: { timeout: 1 }, outcomes: critical ? { failed: 1 } : { degraded: 1 }, keys: { degraded: 1 } });
  });

  it('a loader that answers in time is not affected by timeoutMs', async () => {
    const data = new Map([['a', 1]]);
    const { wrapped, name } = wrap(Map, () => new Promise((resolve) => setTimeout(() => resolve(data), 99)), { timeoutMs: 100 });
    const result = wrapped(['a']);
    await vi.advanceTimersByTimeAsync(99);
    expect(await result).toBe(data);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await countersOf(name)).toEqual({ reasons: {}, outcomes: { success: 1 }, keys: { ok: 1 } });
  });
});

describe('results that break the declared type (invalid_result)', () => {
  const cases: readonly { type: FallbackType; label: string; value: unknown; keys?: string[]; empty: unknown }[] = [
    { type: Map, label: 'Map given a string', value: 'not a map', empty: new Map() },
    { type: Map, label: 'Map given null', value: null, empty: new Map() },
    { type: Map, label: 'Map given a plain object', value: { a: 1 }, empty: new Map() },
    { type: Map, label: 'Map given undefined', value: undefined, empty: new Map() },
    { type: Set, label: 'Set given an array', value: ['a'], empty: new Set() },
    { type: Array, label: 'Array given null', value: null, empty: [] },
    { type: Object, label: 'Object given a string', value: 'x', empty: {} },
    { type: String, label: 'String given a number', value: 1, empty: '' },
    { type: Number, label: 'Number given a string', value: '1', empty: 0 },
    { type: Boolean, label: 'Boolean given a string', value: 'true', empty: false },
    { type: [null], label: '[null] given too few values', value: [1], keys: ['a', 'b'], empty: [null, null] },
    { type: [null], label: '[null] given too many values', value: [1, 2, 3], keys: ['a', 'b'], empty: [null, null] },
    { type: [Map], label: '[Map] given null', value: null, keys: ['a', 'b'], empty: [new Map(), new Map()] },
    { type: [Object], label: '[Object] given a Map', value: new Map(), keys: ['a'], empty: [{}] },
  ];

  it.each(cases)('non-critical $label: resolves with the empty value', async ({ type, value, keys = ['a'], empty }) => {
    const { wrapped, name } = wrap(type, async () => value);
    await expect(wrapped(keys)).resolves.toEqual(empty);
    expect(await countersOf(name)).toMatchObject({ reasons: { invalid_result: 1 }, outcomes: { degraded: 1 } });
  });

  it.each(cases)('critical $label: rejects with reason invalid_result, the value kept on the cause', async ({ type, value, keys = ['a'] }) => {
    const { wrapped, name } = wrap(type, async () => value, { critical: true });
    const error = expectFieldDependencyError(await rejectionOf(wrapped(keys)), { field: name, reason: 'invalid_result' });
    expect(isInvalidResultError(error.cause)).toBe(true);
    expect((error.cause as { result: unknown }).result).toBe(value);
    expect((error.cause as Error).message).toContain(`'${name}'`);
  });

  it('names what was expected and what was received, showing keys and values for a wrong length', async () => {
    const { wrapped } = wrap([null], async () => [1], { critical: true });
    const error = (await rejectionOf(wrapped(['a', 'b']))) as FieldDependencyError;
    expect((error.cause as Error).message).toMatch(/expected an array of 2 values, one per key, got 1 values \(keys: \[a, b\]; values: \[1\]\)/);
    const { wrapped: map } = wrap(Map, async () => null, { critical: true });
    const mapError = (await rejectionOf(map(['a']))) as FieldDependencyError;
    expect((mapError.cause as Error).message).toMatch(/expected Map, got null/);
  });

  it('a sync loader with a bad result degrades synchronously (non-critical) or throws synchronously (critical)', async () => {
    const { wrapped: soft, name } = wrap(Map, () => 'nope');
    expect(soft(['a'])).toEqual(new Map());
    expect(await countersOf(name)).toMatchObject({ reasons: { invalid_result: 1 } });
    const { wrapped: hard, name: hardName } = wrap(Map, () => 'nope', { critical: true });
    expectFieldDependencyError(thrownBy(() => hard(['a'])), { field: hardName, reason: 'invalid_result' });
  });

  it('a [T] loader called without an array of keys is an invalid result', async () => {
    const { wrapped, name } = wrap([null], async () => [1]);
    await expect((wrapped as (keys: unknown) => unknown)('a')).resolves.toEqual([]);
    expect(await countersOf(name)).toMatchObject({ reasons: { invalid_result: 1 } });
  });
});

describe('per-key Error elements in [T] mode (partial)', () => {
  it('non-critical: failed keys get a fresh empty value each, the others keep their data', async () => {
    const first = { id: 'a' };
    const third = { id: 'c' };
    const returned = [first, new Error('b failed'), third, new TypeError('d failed')];
    const { wrapped, name } = wrap([Object], async () => returned);
    const result = (await wrapped(['a', 'b', 'c', 'd'])) as unknown[];
    expect(result).toEqual([first, {}, third, {}]);
    expect(result[0]).toBe(first);
    expect(result[2]).toBe(third);
    expect(result[1]).not.toBe(result[3]);
    expect(returned[1]).toBeInstanceOf(Error); // the loader's own array is not modified
    expect(await countersOf(name)).toEqual({ reasons: { partial: 1 }, outcomes: { degraded: 1 }, keys: { ok: 2, degraded: 2 } });
  });

  it('non-critical: works for a sync loader too, synchronously', async () => {
    const { wrapped, name } = wrap([Map], () => [new Map([['x', 1]]), new Error('no')]);
    const result = wrapped(['a', 'b']) as unknown[];
    expect(result).toEqual([new Map([['x', 1]]), new Map()]);
    expect(await countersOf(name)).toMatchObject({ reasons: { partial: 1 } });
  });

  it('critical: failed elements become FieldDependencyErrors (reason partial, cause the original); the call still resolves', async () => {
    const cause = new Error('b failed');
    const { wrapped, name } = wrap([null], async () => [1, cause, 3], { critical: true });
    const result = (await wrapped(['a', 'b', 'c'])) as unknown[];
    expect(result[0]).toBe(1);
    expect(result[2]).toBe(3);
    const error = expectFieldDependencyError(result[1], { field: name, reason: 'partial' });
    expect(error.cause).toBe(cause);
    expect(await countersOf(name)).toEqual({ reasons: { partial: 1 }, outcomes: { failed: 1 }, keys: { ok: 2, degraded: 1 } });
  });

  it('all keys fine: no partial degradation is counted', async () => {
    const { wrapped, name } = wrap([null], async () => [1, 2]);
    await expect(wrapped(['a', 'b'])).resolves.toEqual([1, 2]);
    expect(await countersOf(name)).toEqual({ reasons: {}, outcomes: { success: 1 }, keys: { ok: 2 } });
  });
});

describe('the fallback option', () => {
  it('is called with the call arguments and the original error, and its value is returned', async () => {
    const failure = { status: 500 };
    const fallback = vi.fn((args: readonly unknown[], _error: unknown) => new Map((args[0] as string[]).map((key) => [key, 'default'])));
    const wrapped = fieldDependency(Map, { owner: OWNER, name: uniqueField('fallback'), fallback })(
      async (_keys: readonly string[], _extra: number): Promise<Map<string, string>> => Promise.reject(failure),
    );
    await expect(wrapped(['a', 'b'], 7)).resolves.toEqual(new Map([['a', 'default'], ['b', 'default']]));
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(fallback.mock.calls[0]?.[0]).toEqual([['a', 'b'], 7]);
    expect(fallback.mock.calls[0]?.[1]).toBe(failure);
  });

  it('is not called when the loader succeeds', async () => {
    const fallback = vi.fn(() => new Map());
    const data = new Map([['a', 1]]);
    const wrapped = fieldDependency(Map, { owner: OWNER, name: uniqueField('fallback'), fallback })(async () => data);
    expect(await wrapped()).toBe(data);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('keeps a sync loader sync', () => {
    const wrapped = fieldDependency(Number, { owner: OWNER, name: uniqueField('fallback'), fallback: () => -1 })((): number => {
      throw new Error('x');
    });
    expect(wrapped()).toBe(-1);
  });

  it('that throws: the empty value of type is used and the thrown value is published as fallbackError', async () => {
    const events: DegradationEvent[] = [];
    const listener = (message: unknown) => events.push(message as DegradationEvent);
    diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listener);
    try {
      const broken = new Error('fallback is broken');
      const cause = new Error('upstream down');
      const name = uniqueField('fallback');
      const wrapped = fieldDependency([Object], {
        owner: OWNER,
        name,
        fallback: () => {
          throw broken;
        },
      })(async (_keys: readonly string[]): Promise<object[]> => Promise.reject(cause));
      await expect(wrapped(['a', 'b'])).resolves.toEqual([{}, {}]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ field: name, owner: OWNER, reason: 'error', error: cause, fallbackError: broken, keys: ['a', 'b'] });
      expect(await countersOf(name)).toMatchObject({ reasons: { error: 1 }, outcomes: { degraded: 1 } });
    } finally {
      diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listener);
    }
  });

  it('that throws a nullish value still reports a fallbackError', async () => {
    const events: DegradationEvent[] = [];
    const listener = (message: unknown) => events.push(message as DegradationEvent);
    diagnosticsChannel.subscribe(DEGRADED_CHANNEL, listener);
    try {
      const wrapped = fieldDependency(Map, {
        owner: OWNER,
        name: uniqueField('fallback'),
        fallback: () => {
          throw undefined;
        },
      })(async (): Promise<Map<string, number>> => Promise.reject(new Error('x')));
      await expect(wrapped()).resolves.toEqual(new Map());
      expect(events[0]?.fallbackError).toBeInstanceOf(Error);
    } finally {
      diagnosticsChannel.unsubscribe(DEGRADED_CHANNEL, listener);
    }
  });
});

describe('empty values', () => {
  const cases: readonly { type: FallbackType; empty: unknown; check: (value: unknown) => boolean }[] = [
    { type: Map, empty: new Map(), check: (value) => value instanceof Map && value.size === 0 },
    { type: Set, empty: new Set(), check: (value) => value instanceof Set && value.size === 0 },
    { type: Array, empty: [], check: (value) => Array.isArray(value) && value.length === 0 },
    { type: Object, empty: {}, check: (value) => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0 },
    { type: String, empty: '', check: (value) => value === '' },
    { type: Number, empty: 0, check: (value) => value === 0 },
    { type: Boolean, empty: false, check: (value) => value === false },
    { type: null, empty: null, check: (value) => value === null },
    { type: [Map], empty: [new Map(), new Map()], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v instanceof Map && v.size === 0) },
    { type: [null], empty: [null, null], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v === null) },
    { type: [Object], empty: [{}, {}], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'object' && v !== null && Object.keys(v).length === 0) },
    { type: [Array], empty: [[], []], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => Array.isArray(v) && v.length === 0) },
    { type: [Set], empty: [new Set(), new Set()], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v instanceof Set && v.size === 0) },
    { type: [String], empty: ['', ''], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v === '') },
    { type: [Number], empty: [0, 0], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v === 0) },
    { type: [Boolean], empty: [false, false], check: (value) => Array.isArray(value) && value.length === 2 && value.every((v) => v === false) },
  ];

  it.each(cases)('$type falls back to its documented empty value', async ({ type, empty, check }) => {
    const { wrapped } = wrap(type, async () => Promise.reject(new Error('down')));
    const value = await wrapped(['a', 'b']);
    expect(value).toEqual(empty);
    expect(check(value)).toBe(true);
  });

  const mutators: readonly [string, FallbackType, (value: unknown) => void][] = [
    ['Map', Map, (value) => (value as Map<string, number>).set('leak', 1)],
    ['Set', Set, (value) => (value as Set<string>).add('leak')],
    ['Array', Array, (value) => (value as string[]).push('leak')],
    ['Object', Object, (value) => Object.assign(value as object, { leak: true })],
    ['[Object]', [Object], (value) => Object.assign((value as object[])[0] as object, { leak: true })],
    ['[Map]', [Map], (value) => (value as Map<string, number>[])[0]?.set('leak', 1)],
    ['[Array]', [Array], (value) => (value as string[][]).push(['leak'])],
  ];

  it.each(mutators)('%s: every fallback is fresh, mutating one never changes the next', async (_label, type, mutate) => {
    const { wrapped } = wrap(type, async () => Promise.reject(new Error('down')));
    const first = await wrapped(['a', 'b']);
    mutate(first);
    const second = await wrapped(['a', 'b']);
    expect(second).not.toBe(first);
    const { wrapped: reference } = wrap(type, async () => Promise.reject(new Error('down')));
    expect(second).toEqual(await reference(['a', 'b']));
  });

  it.each([[Map], [Object], [Array], [Set]] as const)('[%o]: the per-key empty values of one fallback are distinct objects', async (element) => {
    const { wrapped } = wrap([element], async () => Promise.reject(new Error('down')));
    const value = (await wrapped(['a', 'b', 'c'])) as object[];
    expect(new Set(value).size).toBe(3);
  });

  it('per-key replacements in a partial result are distinct too', async () => {
    const { wrapped } = wrap([Object], async () => [new Error('x'), new Error('y')]);
    const [a, b] = (await wrapped(['a', 'b'])) as object[];
    expect(a).toEqual({});
    expect(a).not.toBe(b);
  });
});

describe('sync loaders stay sync', () => {
  it.each([
    ['non-critical (with a breaker)', {}],
    ['non-critical with timeoutMs', { timeoutMs: 50 }],
    ['critical (no breaker)', { critical: true }],
  ])('%s: a value, not a promise, on success', (_label, options) => {
    const data = new Map([['a', 1]]);
    const { wrapped } = wrap(Map, () => data, options);
    expect(wrapped(['a'])).toBe(data);
  });

  it.each([false, true])('critical: %s, a sync loader answers synchronously when disabled or refused by an open breaker', (critical) => {
    const loader = vi.fn((keys: readonly string[]): unknown => {
      if (keys.includes('fail')) throw new Error('down');
      return new Map([['a', 1]]);
    });
    const breaker = { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeout: 60_000 };
    const { wrapped, name } = wrap(Map, loader, { critical, breaker });
    expect(wrapped(['a'])).toEqual(new Map([['a', 1]]));
    disableDependency(name, OWNER);
    const disabled = () => wrapped(['a']);
    if (critical) expectFieldDependencyError(thrownBy(disabled), { field: name, reason: 'disabled' });
    else expect(disabled()).toEqual(new Map());
    enableDependency(name, OWNER);
    // One failure opens this breaker (volumeThreshold 1).
    if (critical) expectFieldDependencyError(thrownBy(() => wrapped(['fail'])), { field: name, reason: 'error' });
    else expect(wrapped(['fail'])).toEqual(new Map());
    const refused = () => wrapped(['a']);
    if (critical) expectFieldDependencyError(thrownBy(refused), { field: name, reason: 'breaker_open' });
    else expect(refused()).toEqual(new Map());
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('an async loader gives a promise even when it fails synchronously before its first await', async () => {
    const { wrapped } = wrap(Map, async () => {
      throw new Error('x');
    });
    const result = wrapped(['a']);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toEqual(new Map());
  });

  it('a non-critical dependency never throws, whatever the call', async () => {
    const { wrapped, name } = wrap(Set, () => {
      throw new RangeError('sync');
    });
    for (let call = 0; call < 5; call++) expect(() => wrapped(['a'])).not.toThrow();
    expect(await countersOf(name)).toMatchObject({ reasons: { error: 5 }, outcomes: { degraded: 5 } });
  });
});
