/**
 * A site that declares its loaders again on every request (a per-request DataLoader factory) is recalled rather
 * than validated and resolved again: these pin that nothing else changes. Each request's loader is its own
 * function with the loader's name, length, arguments and `fallback`; changed options at a known site are still
 * validated, warned about once per site and kept to the first declaration's; resets and fresh registries keep working.
 */
import DataLoader from 'dataloader';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldDependency, fieldDependencyOf, type FieldDependencyOptions } from 'field-dependency';
import { resetFieldDependencies, useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let sequence = 0;
const uniqueOwner = (): string => `per-request-${++sequence}`;

afterEach(() => {
  vi.restoreAllMocks();
});

function duplicateWarnings(warn: { mock: { calls: unknown[][] } }): unknown[][] {
  return warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_DUPLICATE');
}

/** One definition site, declared again with whatever options each request brings. */
function declareAt(options: FieldDependencyOptions, type: unknown = [null]) {
  return fieldDependency(type as [null], options)(async (ids: readonly number[]): Promise<(number | null)[]> => ids.map((id) => id * 2));
}

describe('a per-request factory', () => {
  it('gives each request its own loaders, with the same field, the loader name and length, and that request’s fallback', async () => {
    const owner = uniqueOwner();
    let down = false;
    const createLoaders = (request: number) => ({
      users: fieldDependency([null], { owner, fallback: () => [`fallback of request ${request}`] })(async function batchUsers(ids: readonly number[]): Promise<(string | null)[]> {
        if (down) throw new Error('users down');
        return ids.map((id) => `user ${id}`);
      }),
      pairs: fieldDependency(Array, { owner })((first: number, second: number) => [first, second]),
      counted: fieldDependency(Number, { owner })(function (...given: unknown[]) {
        return given.length;
      }),
    });
    const requests = [createLoaders(1), createLoaders(2), createLoaders(3)];
    expect(new Set(requests.map((loaders) => loaders.users)).size).toBe(3);
    for (const loaders of requests) {
      expect(loaders.users.name).toBe('batchUsers');
      expect(loaders.users.length).toBe(1);
      expect(loaders.pairs.length).toBe(2);
      expect(loaders.counted.length).toBe(0);
      expect(fieldDependencyOf(loaders.users)).toEqual(fieldDependencyOf(requests[0]?.users));
      expect(fieldDependencyOf(loaders.pairs)).toEqual(fieldDependencyOf(requests[0]?.pairs));
    }
    expect(fieldDependencyOf(requests[0]?.users)?.field).not.toBe(fieldDependencyOf(requests[0]?.pairs)?.field);
    // Every argument reaches the loader, however many.
    expect(requests[2]?.pairs(1, 2)).toEqual([1, 2]);
    expect([requests[2]?.counted(), requests[2]?.counted('a'), requests[2]?.counted('a', 'b', 'c')]).toEqual([0, 1, 3]);
    const { users } = requests[1] as ReturnType<typeof createLoaders>;
    const oneArgument = fieldDependency(Array, { owner })((keys?: readonly number[], ...more: unknown[]) => [keys, more.length]);
    expect(oneArgument.length).toBe(1);
    expect([oneArgument(), oneArgument([1]), oneArgument([1], 'x', 'y')]).toEqual([[undefined, 0], [[1], 0], [[1], 2]]);

    expect(await new DataLoader(users).load(7)).toBe('user 7');
    down = true;
    expect(await new DataLoader((requests[0] as ReturnType<typeof createLoaders>).users).load(7)).toBe('fallback of request 1');
    expect(await new DataLoader(users).load(7)).toBe('fallback of request 2');
    expect(() => fieldDependency([null], { owner })(users)).toThrow(/already wrapped by fieldDependency/);
  });

  it('still validates options that change at a site it has seen', () => {
    const owner = uniqueOwner();
    const breaker = { resetTimeout: 1_000 };
    declareAt({ owner, timeoutMs: 50, breaker });
    declareAt({ owner, timeoutMs: 50, breaker });
    expect(() => declareAt({ owner, timeoutMs: -1, breaker })).toThrow('option `timeoutMs` must be');
    expect(() => declareAt({ owner, timeoutMs: 50, breaker: { resetTimeout: -1 } })).toThrow('option `breaker.resetTimeout` must be');
    Object.assign(breaker, { timeout: 10 });
    expect(() => declareAt({ owner, timeoutMs: 50, breaker })).toThrow('option `breaker.timeout` is not supported');
    expect(() => declareAt({ owner, timeoutMs: 50, breaker: { resetTimeout: 1_000 }, surprise: 1 } as FieldDependencyOptions)).toThrow('unknown option `surprise`');
    expect(() => declareAt({ owner, timeoutMs: 50, breaker: { resetTimeout: 1_000 } }, [Symbol])).toThrow('`type` must be one of');
    expect(() => declareAt({ owner, timeoutMs: 50, breaker: { resetTimeout: 1_000 } }, [null, null])).toThrow('exactly one element type');

    declareAt({ owner, fallback: () => [] });
    expect(() => declareAt({ owner, fallback: async () => [] })).toThrow('option `fallback` must return the value itself');
    expect(() => declareAt({ owner, fallback: 'empty' as unknown as () => unknown[] })).toThrow('option `fallback` must be a function');
  });

  it('warns once about a site whose options change per request, and keeps the first declaration’s', () => {
    const owner = uniqueOwner();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const loaders = [100, 200, 100, 200, 300].map((timeoutMs) => declareAt({ owner, timeoutMs }));
    expect(duplicateWarnings(warn)).toHaveLength(1);
    expect(String(duplicateWarnings(warn)[0]?.[0])).toContain('perRequestDeclarations.test.ts:');
    for (const loader of loaders) expect(fieldDependencyOf(loader)?.timeoutMs).toBe(100);

    // An inline breaker function, a new closure per request: one warning, then recalled.
    const filtered = Array.from({ length: 50 }, (_, request) => declareAt({ owner: `${owner}-filter`, breaker: { errorFilter: (error: unknown) => error === request } }));
    expect(duplicateWarnings(warn)).toHaveLength(2);
    expect(new Set(filtered.map((loader) => fieldDependencyOf(loader)?.field)).size).toBe(1);
  });

  it('warns once for each named site whose options differ from the first, even with options equal to each other', () => {
    const owner = uniqueOwner();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    for (let request = 0; request < 5; request++) {
      fieldDependency([null], { owner, name: 'shared', timeoutMs: 100 })(async (ids: readonly number[]): Promise<(number | null)[]> => [...ids]);
      fieldDependency([null], { owner, name: 'shared', timeoutMs: 200 })(async (ids: readonly number[]): Promise<(number | null)[]> => [...ids]);
      fieldDependency([null], { owner, name: 'shared', timeoutMs: 200 })(async (ids: readonly number[]): Promise<(number | null)[]> => [...ids]);
    }
    expect(duplicateWarnings(warn)).toHaveLength(2);
  });

  it('keeps working after resetFieldDependencies() and useFreshMetricsRegistry()', async () => {
    const owner = uniqueOwner();
    const declare = () => new DataLoader(declareAt({ owner }));
    useFreshMetricsRegistry();
    expect(await declare().load(1)).toBe(2);
    const field = fieldDependencyOf(declareAt({ owner }))?.field;
    resetFieldDependencies();
    expect(await declare().load(2)).toBe(4);
    const registry = useFreshMetricsRegistry();
    expect(await declare().load(3)).toBe(6);
    const { values } = await registry.getSingleMetric('field_dependency_calls_total')!.get();
    expect(values.filter((value) => value.labels.owner === owner && value.value > 0)).toEqual([
      { labels: { field, owner, critical: 'false', outcome: 'success' }, value: 1 },
    ]);
  });
});
