import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fieldDependency, fieldDependencyOf } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

beforeEach(() => {
  useFreshMetricsRegistry();
});

afterEach(() => {
  vi.restoreAllMocks();
});

let sequence = 0;
const uniqueOwner = (): string => `wrapper-${++sequence}`;

describe('this', () => {
  interface Client {
    readonly prefix: string;
    load(ids: readonly string[]): unknown;
  }

  it.each([
    ['non-critical async (through the breaker)', false, true],
    ['critical async (no breaker)', true, true],
    ['non-critical sync', false, false],
    ['critical sync', true, false],
  ])('%s: the loader sees the receiver of the call', async (_label, critical, async) => {
    const seen: unknown[] = [];
    function load(this: Client, ids: readonly string[]) {
      seen.push(this);
      const value = new Map(ids.map((id) => [id, `${this.prefix}${id}`]));
      return async ? Promise.resolve(value) : value;
    }
    const client: Client = { prefix: 'pin:', load: fieldDependency(Map, { owner: uniqueOwner(), critical })(load) };
    expect(await client.load(['1'])).toEqual(new Map([['1', 'pin:1']]));
    const other = { prefix: 'board:' };
    expect(await client.load.call(other, ['2'])).toEqual(new Map([['2', 'board:2']]));
    expect(seen).toEqual([client, other]);
    expect(seen[0]).toBe(client);
    expect(seen[1]).toBe(other);
  });

  it('a degraded call still ran the loader with the receiver', async () => {
    const receiver = { failing: true };
    const seen: unknown[] = [];
    const wrapped = fieldDependency(Map, { owner: uniqueOwner() })(async function (this: unknown): Promise<Map<string, number>> {
      seen.push(this);
      throw new Error('down');
    });
    await expect(wrapped.call(receiver)).resolves.toEqual(new Map());
    expect(seen).toEqual([receiver]);
    expect(seen[0]).toBe(receiver);
  });
});

describe('arguments and results', () => {
  it('passes every argument through and returns the loader value as is', async () => {
    const data = new Map([['a', 1]]);
    const loader = vi.fn(async (_ids: readonly string[], _options: { locale: string }, _extra?: number) => data);
    const wrapped = fieldDependency(Map, { owner: uniqueOwner() })(loader);
    const options = { locale: 'fr' };
    expect(await wrapped(['a'], options, 3)).toBe(data);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(loader.mock.calls[0]?.[1]).toBe(options);
    expect(loader.mock.calls[0]).toEqual([['a'], options, 3]);
  });

  it('calls the loader once per call', async () => {
    const loader = vi.fn(async () => new Set(['x']));
    const wrapped = fieldDependency(Set, { owner: uniqueOwner() })(loader);
    await wrapped();
    await wrapped();
    expect(loader).toHaveBeenCalledTimes(2);
  });
});

describe('name and length', () => {
  it.each<[string, (...args: never[]) => unknown, string, number]>([
    ['a function declaration', async function loadBoards(_ids: readonly string[], _viewer: string) { return new Map(); }, 'loadBoards', 2],
    ['a function with a default parameter', async function loadPins(_ids: readonly string[], _limit = 10) { return new Map(); }, 'loadPins', 1],
    ['a function with no parameter', function loadAll() { return new Map(); }, 'loadAll', 0],
    ['a function with a rest parameter', async function loadMany(_ids: readonly string[], ..._more: string[]) { return new Map(); }, 'loadMany', 1],
  ])('%s keeps its name and length', (_label, loader, name, length) => {
    const wrapped = fieldDependency(Map, { owner: uniqueOwner() })(loader);
    expect(wrapped).not.toBe(loader);
    expect(wrapped.name).toBe(name);
    expect(wrapped.length).toBe(length);
    expect(fieldDependencyOf(wrapped)?.field).toBe(name);
  });

  it('an arrow function bound to a const keeps the const name', () => {
    const fetchComments = async (_ids: readonly string[]) => new Map();
    const wrapped = fieldDependency(Map, { owner: uniqueOwner() })(fetchComments);
    expect(wrapped.name).toBe('fetchComments');
    expect(fieldDependencyOf(wrapped)?.field).toBe('fetchComments');
  });

  it('an anonymous function gets the name of the variable it is assigned to; with none, the owner', () => {
    const owner = uniqueOwner();
    const wrapped = fieldDependency(Map, { owner })(async (_ids: readonly string[]) => new Map());
    expect(wrapped.name).toBe('');
    expect(fieldDependencyOf(wrapped)?.field).toBe('wrapped');
    const [unnamed] = [fieldDependency(Map, { owner })(async (_ids: readonly string[]) => new Map())];
    expect(fieldDependencyOf(unnamed)?.field).toBe(owner);
  });

  it('the name option wins over the function name', () => {
    const owner = uniqueOwner();
    const wrapped = fieldDependency(Map, { owner, name: 'shoppingField' })(async function loadShopping() { return new Map(); });
    expect(wrapped.name).toBe('loadShopping');
    expect(fieldDependencyOf(wrapped)?.field).toBe('shoppingField');
  });
});

describe('wrapping twice', () => {
  it('wrapping an already wrapped loader throws a TypeError saying so', () => {
    const owner = uniqueOwner();
    const once = fieldDependency(Map, { owner })(async function loadBoards() { return new Map(); });
    const twice = () => fieldDependency(Map, { owner: uniqueOwner() })(once);
    expect(twice).toThrow(TypeError);
    expect(twice).toThrow("fieldDependency: 'loadBoards' is already wrapped by fieldDependency; remove one of the two wrappers");
  });

  it('also with the same decorator, and for an anonymous loader', () => {
    const owner = uniqueOwner();
    const decorate = fieldDependency([null], { owner });
    const once = decorate(async (ids: readonly string[]) => ids.map(() => null));
    expect(() => decorate(once)).toThrow(/already wrapped by fieldDependency/);
  });

  it('wrapping the original loader again is allowed (it is not marked)', () => {
    const loader = async function loadTwice() { return new Map(); };
    const first = fieldDependency(Map, { owner: uniqueOwner() })(loader);
    const second = fieldDependency(Map, { owner: uniqueOwner() })(loader);
    expect(first).not.toBe(second);
    expect(fieldDependencyOf(loader)).toBeUndefined();
  });
});

describe('bad calls of the returned function', () => {
  it.each([
    ['a string', 'load', /can only wrap a function; received "load"/],
    ['null', null, /can only wrap a function; received null/],
    ['undefined', undefined, /can only wrap a function; received undefined/],
    ['an object', { load() {} }, /can only wrap a function; received an object \(Object\)/],
  ])('wrapping %s throws a TypeError', (_label, value, message) => {
    const decorate = fieldDependency(Map, { owner: uniqueOwner() }) as unknown as (value: unknown) => unknown;
    expect(() => decorate(value)).toThrow(TypeError);
    expect(() => decorate(value)).toThrow(message);
  });

  it('wrapping a class throws a TypeError: a class is not a loader', () => {
    class BoardLoader {}
    const decorate = fieldDependency(Map, { owner: uniqueOwner() }) as unknown as (value: unknown) => unknown;
    expect(() => decorate(BoardLoader)).toThrow(new TypeError("@fieldDependency decorates methods and wraps functions; 'BoardLoader' is a class"));
  });

  it('an arrow function whose source merely starts with "class" is still wrapped', () => {
    // Built from source so that no compiler adds parentheses around the parameter.
    const arrow = new Function('return classKeys => new Map(classKeys.map((key) => [key, key]))')() as (keys: readonly string[]) => Map<string, string>;
    expect(String(arrow)).toMatch(/^classKeys =>/);
    expect(fieldDependency(Map, { owner: uniqueOwner() })(arrow)(['a'])).toEqual(new Map([['a', 'a']]));
  });

  it.each([
    [0, []],
    [2, [async () => new Map(), 'extra']],
    [4, [{}, 'key', { value: () => {} }, 'extra']],
  ])('calling it with %i arguments that are neither a loader nor a decorator call throws', (count, args) => {
    const decorate = fieldDependency(Map, { owner: uniqueOwner() }) as unknown as (...args: unknown[]) => unknown;
    expect(() => decorate(...args)).toThrow(new TypeError(
      `fieldDependency(type, options) returns a decorator for methods or a wrapper for one function; it was called with ${count} arguments`,
    ));
  });
});

describe('fieldDependencyOf', () => {
  it('returns the frozen declaration of a wrapped loader', () => {
    const owner = uniqueOwner();
    const wrapped = fieldDependency([Object], { owner, name: 'boards', timeoutMs: 200, breaker: { volumeThreshold: 5 } })(
      async (ids: readonly string[]) => ids.map(() => ({})),
    );
    const declaration = fieldDependencyOf(wrapped);
    expect(declaration).toEqual({ field: 'boards', owner, critical: false, tier: 2, type: '[Object]', timeoutMs: 200, breaker: { volumeThreshold: 5 }, decider: `field-dependency.${owner}.boards` });
    expect(Object.isFrozen(declaration)).toBe(true);
  });

  it.each([
    ['a plain function', async () => new Map()],
    ['null', null],
    ['undefined', undefined],
    ['an object', { field: 'x', owner: 'y' }],
    ['a string', 'loader'],
  ])('is undefined for %s', (_label, value) => {
    expect(fieldDependencyOf(value)).toBeUndefined();
  });

  it('changing the returned declaration changes nothing', () => {
    const owner = uniqueOwner();
    const wrapped = fieldDependency(Map, { owner, name: 'frozen' })(async () => new Map());
    const declaration = fieldDependencyOf(wrapped) as { field: string };
    expect(() => {
      declaration.field = 'other';
    }).toThrow(TypeError);
    expect(fieldDependencyOf(wrapped)?.field).toBe('frozen');
  });
});

describe('one field per (name, owner)', () => {
  it('a second declaration with the same field and owner but other options warns and shares the first', () => {
    const owner = uniqueOwner();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const first = fieldDependency(Map, { owner, name: 'shared' })(async () => new Map());
    fieldDependency(Map, { owner, name: 'shared' })(async () => new Map());
    expect(warn).not.toHaveBeenCalled();
    const second = fieldDependency(Map, { owner, name: 'shared', critical: true })(async () => new Map());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(`field 'shared' (owner '${owner}') is declared twice with different options`);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ code: 'FIELD_DEPENDENCY_DUPLICATE' });
    expect(fieldDependencyOf(second)).toEqual(fieldDependencyOf(first));
  });

  it('a per-request declaration whose options hold a closure or a computed timeout warns once per site, not once per request', () => {
    const owner = uniqueOwner();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const perRequest = (request: number) =>
        fieldDependency(Map, { owner, name: 'per-request', timeoutMs: 100 + request, breaker: { errorFilter: (error: unknown) => error === request } })(
          async () => new Map(),
        );
      for (let request = 0; request < 1_000; request++) perRequest(request);
      const duplicates = () => warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_DUPLICATE');
      expect(duplicates()).toHaveLength(1);
      expect(String(duplicates()[0]?.[0])).toContain(`field 'per-request' (owner '${owner}') is declared twice with different options`);
      expect(String(duplicates()[0]?.[0])).toContain('wrapper.test.ts:');

      // Another site that disagrees is warned about too, once.
      for (let request = 0; request < 3; request++) fieldDependency(Map, { owner, name: 'per-request', critical: true })(async () => new Map());
      expect(duplicates()).toHaveLength(2);
    } finally {
      warn.mockRestore();
    }
  });
});
