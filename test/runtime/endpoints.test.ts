import type { Registry } from 'prom-client';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

/** A fresh copy of the runtime: no endpoint seen yet, the default cap, no dependency declared. */
async function freshRuntime(): Promise<Runtime> {
  vi.resetModules();
  const runtime = await import('field-dependency');
  const testing = await import('field-dependency/testing');
  return { ...runtime, ...testing };
}

noUnhandledRejections();

let fd: Runtime;
let registry: Registry;

beforeEach(async () => {
  fd = await freshRuntime();
  registry = fd.useFreshMetricsRegistry();
});

/** `field_dependency_endpoint_calls_total` of `field`, as `{ endpoint: calls }`. */
async function endpointCalls(field: string): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric('field_dependency_endpoint_calls_total')!.get();
  return Object.fromEntries(values.filter((sample) => sample.labels.field === field).map((sample) => [sample.labels.endpoint, sample.value]));
}

function declare(name: string) {
  let calls = 0;
  const load = fd.fieldDependency(Map, { owner: 'pins', name })(async (ids: readonly string[]) => {
    calls++;
    return new Map(ids.map((id) => [id, id]));
  });
  return { load, calls: () => calls };
}

describe('the endpoint cap', () => {
  test('configure({ maxEndpoints: 3 }): three endpoints get a label, the overflow counts under __other__', async () => {
    fd.configure({ maxEndpoints: 3 });
    const { load, calls } = declare('endpoints-cap');
    const visits = ['/a', '/b', '/a', '/c', '/d', '/e', '/d', '/b'];
    for (const endpoint of visits) await fd.degradationScope(() => load(['x']), { endpoint });

    expect(calls()).toBe(visits.length);
    expect(await endpointCalls('endpoints-cap')).toEqual({ '/a': 2, '/b': 2, '/c': 1, [fd.OTHER_ENDPOINT]: 3 });
    expect(fd.OTHER_ENDPOINT).toBe('__other__');
  });

  test('the cap counts distinct endpoints across all dependencies', async () => {
    fd.configure({ maxEndpoints: 2 });
    const first = declare('endpoints-shared-first');
    const second = declare('endpoints-shared-second');
    await fd.degradationScope(() => first.load(['x']), { endpoint: '/one' });
    await fd.degradationScope(() => second.load(['x']), { endpoint: '/two' });
    await fd.degradationScope(() => second.load(['x']), { endpoint: '/three' });
    await fd.degradationScope(() => first.load(['x']), { endpoint: '/two' });
    expect(await endpointCalls('endpoints-shared-first')).toEqual({ '/one': 1, '/two': 1 });
    expect(await endpointCalls('endpoints-shared-second')).toEqual({ '/two': 1, __other__: 1 });
  });

  test('the default cap is 200 distinct endpoints', async () => {
    const { load } = declare('endpoints-default-cap');
    // 15 groups of 14 routes: no path position fans out past a quarter of the cap (see below).
    const endpointAt = (index: number): string => `/group${Math.floor(index / 14)}/route${index % 14}`;
    for (let index = 0; index < 205; index++) await fd.degradationScope(() => load(['x']), { endpoint: endpointAt(index) });
    const counted = await endpointCalls('endpoints-default-cap');
    expect(Object.keys(counted)).toHaveLength(201);
    expect(counted[endpointAt(199)]).toBe(1);
    expect(counted[endpointAt(200)]).toBeUndefined();
    expect(counted.__other__).toBe(5);
  });

  test('endpoints already seen keep their label when the cap is lowered; new ones go to __other__', async () => {
    const { load } = declare('endpoints-lowered');
    await fd.degradationScope(() => load(['x']), { endpoint: '/a' });
    await fd.degradationScope(() => load(['x']), { endpoint: '/b' });
    fd.configure({ maxEndpoints: 1 });
    await fd.degradationScope(() => load(['x']), { endpoint: '/b' });
    await fd.degradationScope(() => load(['x']), { endpoint: '/c' });
    expect(await endpointCalls('endpoints-lowered')).toEqual({ '/a': 1, '/b': 2, __other__: 1 });
  });

  test('resetFieldDependencies() forgets the endpoints, so the cap starts over', async () => {
    fd.configure({ maxEndpoints: 1 });
    const { load } = declare('endpoints-reset');
    await fd.degradationScope(() => load(['x']), { endpoint: '/a' });
    await fd.degradationScope(() => load(['x']), { endpoint: '/b' });
    expect(await endpointCalls('endpoints-reset')).toEqual({ '/a': 1, __other__: 1 });
    fd.resetFieldDependencies();
    await fd.degradationScope(() => load(['x']), { endpoint: '/b' });
    expect(await endpointCalls('endpoints-reset')).toEqual({ '/b': 1 });
  });
});

describe('where endpoint labels come from', () => {
  test('only from the scope’s endpoint: keys, errors and raw URLs never become label values', async () => {
    const rawUrl = '/v3/pins/98765?session=abc123';
    const load = fd.fieldDependency([null], { owner: 'pins', name: 'endpoints-raw-data' })(async (ids: readonly string[]): Promise<(string | Error | null)[]> => {
      if (ids.includes('boom')) throw new Error(`upstream failed for ${rawUrl}`);
      return ids.map((id) => (id === 'missing' ? new Error(`no data for ${id} at ${rawUrl}`) : `value of ${id}`));
    });

    await fd.degradationScope(
      async () => {
        await load([rawUrl, 'user-42@example.com']);
        await load(['boom']);
        await load(['missing', 'ok']);
      },
      { endpoint: '/v3/pins/:id' },
    );
    await load(['outside-any-scope']);

    expect(await endpointCalls('endpoints-raw-data')).toEqual({ '/v3/pins/:id': 3 });
    const allowed = new Set([
      'endpoints-raw-data',
      'pins',
      'true',
      'false',
      'success',
      'degraded',
      'failed',
      'ok',
      '[null]',
      '+Inf',
      '/v3/pins/:id',
      ...fd.DEGRADATION_REASONS,
      ...fd.LATENCY_BUCKETS.map(String),
    ]);
    for (const metric of await registry.getMetricsAsJSON()) {
      for (const sample of metric.values) {
        for (const value of Object.values(sample.labels)) expect(allowed, `${metric.name} label value ${String(value)}`).toContain(String(value));
      }
    }
    const text = await registry.metrics();
    for (const leaked of ['98765', 'session', 'abc123', 'example.com', 'boom', 'missing', 'outside-any-scope']) expect(text).not.toContain(leaked);
  });

  test('calls outside any scope are not attributed to an endpoint', async () => {
    const { load, calls } = declare('endpoints-no-scope');
    await load(['x']);
    expect(calls()).toBe(1);
    expect(await endpointCalls('endpoints-no-scope')).toEqual({});
  });

  test('a lazy endpoint is resolved once, at the first dependency call; a lazy endpoint that resolves to nothing is __unmatched__', async () => {
    const { load } = declare('endpoints-lazy');
    let resolved = 0;
    let route: string | undefined;
    await fd.degradationScope(
      async () => {
        route = '/v3/boards/:id';
        await load(['x']);
        route = '/changed/later';
        await load(['y']);
      },
      {
        endpoint: () => {
          resolved++;
          return route;
        },
      },
    );
    expect(resolved).toBe(1);

    let untouched = 0;
    await fd.degradationScope(async () => undefined, {
      endpoint: () => {
        untouched++;
        return '/never';
      },
    });
    expect(untouched).toBe(0);

    await fd.degradationScope(() => load(['x']), { endpoint: () => undefined });
    expect(await endpointCalls('endpoints-lazy')).toEqual({ '/v3/boards/:id': 2, [fd.UNMATCHED_ENDPOINT]: 1 });
    expect(fd.UNMATCHED_ENDPOINT).toBe('__unmatched__');
  });

  test('nested scopes attribute each call to the innermost endpoint', async () => {
    const { load } = declare('endpoints-nested');
    await fd.degradationScope(
      async () => {
        await load(['x']);
        await fd.degradationScope(() => load(['y']), { endpoint: '/inner' });
        await load(['z']);
      },
      { endpoint: '/outer' },
    );
    expect(await endpointCalls('endpoints-nested')).toEqual({ '/outer': 2, '/inner': 1 });
  });

  test('endpoint label values with quotes, backslashes and newlines are escaped in the exposition', async () => {
    const { load } = declare('endpoints-escaped');
    await fd.degradationScope(() => load(['x']), { endpoint: '/odd/"quoted"\\path\nnext' });
    expect(await registry.metrics()).toContain(
      'field_dependency_endpoint_calls_total{field="endpoints-escaped",owner="pins",endpoint="/odd/\\"quoted\\"\\\\path\\nnext"} 1\n',
    );
  });

  test('degradationScope rejects endpoints that are not route templates, and a missing function', () => {
    expect(() => fd.degradationScope(() => 1, { endpoint: '' })).toThrow(/option `endpoint` must be a route template.*received ""/);
    expect(() => fd.degradationScope(() => 1, { endpoint: 42 as never })).toThrow(TypeError);
    expect(() => fd.degradationScope(() => 1, {} as never)).toThrow(/received undefined/);
    expect(() => fd.degradationScope(() => 1, undefined as never)).toThrow(TypeError);
    expect(() => fd.degradationScope('not a function' as never, { endpoint: '/x' })).toThrow(/`fn` must be a function/);
  });
});

describe('the cap holds against one noisy prefix', () => {
  test('raw ids under one path position use at most a quarter of the cap (at least 8); real routes seen later keep their own label', async () => {
    fd.configure({ maxEndpoints: 40 });
    const { load } = declare('endpoints-noisy');
    // A mount path with a parameter, counted raw: /users/1/posts, /users/2/posts, …
    for (let id = 0; id < 40; id++) await fd.degradationScope(() => load(['x']), { endpoint: `/users/${id}/posts` });
    for (const endpoint of ['/v3/pins/:id', '/v3/boards/:id', '/health']) await fd.degradationScope(() => load(['x']), { endpoint });

    const counted = await endpointCalls('endpoints-noisy');
    expect(Object.keys(counted).filter((endpoint) => endpoint.startsWith('/users/'))).toHaveLength(10);
    expect(counted.__other__).toBe(30);
    expect(counted).toMatchObject({ '/v3/pins/:id': 1, '/v3/boards/:id': 1, '/health': 1 });
  });

  test('route templates fan out freely where they use parameters, and names that are not paths are not limited per position', async () => {
    fd.configure({ maxEndpoints: 12 });
    const { load } = declare('endpoints-not-noisy');
    const endpoints = ['/v3/pins/:id', '/v3/pins/:id/comments', '/v3/boards/:id', '/v3/users/:id', 'GetPins', 'GetBoards', 'GetUser', 'GetFeed', 'GetHome'];
    for (const endpoint of endpoints) await fd.degradationScope(() => load(['x']), { endpoint });
    expect(Object.keys(await endpointCalls('endpoints-not-noisy')).sort()).toEqual([...endpoints].sort());
  });
});
