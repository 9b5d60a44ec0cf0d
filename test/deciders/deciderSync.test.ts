import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { inMemoryDeciders } from './support.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

/** A fresh copy of the runtime per test: deciders and dependencies are process-wide. */
async function freshRuntime(): Promise<Runtime> {
  vi.resetModules();
  return { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
}

let fd: Runtime;
let registry: Registry;

beforeEach(async () => {
  fd = await freshRuntime();
  registry = fd.useFreshMetricsRegistry();
});

afterEach(() => {
  fd.shutdownFieldDependencies();
  vi.useRealTimers();
});

async function samples(name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map((sample) => [`${sample.labels.owner}/${sample.labels.field}`, sample.value]));
}

describe('configure({ deciders }) with a real OpenFeature client', () => {
  test('reads each dependency\'s flag when the provider is ready, and publishes the value and the errors', async () => {
    fd.fieldDependency(Map, { owner: 'shopping' })(async function shopping() {
      return new Map();
    });
    fd.fieldDependency(Map, { owner: 'comments', name: 'commentCounts', decider: 'comments.kill-switch' })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'boards', name: 'boards', decider: false })(async () => new Map());
    fd.fieldDependency(Map, { owner: 'images', name: 'images' })(async () => new Map());
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 37, 'comments.kill-switch': false });

    expect(registry.getSingleMetric('field_dependency_decider_percent')).toBeUndefined();
    fd.configure({ deciders: client });

    await vi.waitFor(async () => expect((await samples('field_dependency_decider_percent'))['shopping/shopping']).toBe(37));
    expect(await samples('field_dependency_decider_percent')).toEqual({
      'shopping/shopping': 37,
      'comments/commentCounts': 0,
      // No flag: fails open, and the failed read is counted.
      'images/images': 100,
    });
    expect(await samples('field_dependency_decider_errors_total')).toEqual({
      'shopping/shopping': 0,
      'comments/commentCounts': 0,
      'images/images': 1,
    });
  });

  test('a configuration change reaches the values (in-memory provider\'s configuration-changed event), both ways', async () => {
    fd.fieldDependency(Map, { owner: 'shopping' })(async function shopping() {
      return new Map();
    });
    const { client, put } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 100 });
    fd.configure({ deciders: client });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'shopping/shopping': 0 }));

    put({ 'field-dependency.shopping.shopping': 0 });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 0 }));
    put({ 'field-dependency.shopping.shopping': 25 });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 25 }));
    // A bad value fails open at once, and is counted.
    put({ 'field-dependency.shopping.shopping': 101 });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 100 }));
    expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'shopping/shopping': 1 });
  });

  test('makes no flag evaluation per call: calls of the loader leave the client alone', async () => {
    const shopping = fd.fieldDependency(Map, { owner: 'shopping' })(async function shopping() {
      return new Map();
    });
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 100 });
    const numbers = vi.spyOn(client, 'getNumberDetails');
    const booleans = vi.spyOn(client, 'getBooleanDetails');
    fd.configure({ deciders: client });
    await vi.waitFor(() => expect(numbers).toHaveBeenCalledTimes(1));

    for (let call = 0; call < 1_000; call++) await shopping();
    expect(numbers).toHaveBeenCalledTimes(1);
    expect(booleans).not.toHaveBeenCalled();
  });

  test('a dependency declared after the provider was ready is read at once, not at the next refresh', async () => {
    const { client } = await inMemoryDeciders({ 'field-dependency.late.late': 0 });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    fd.fieldDependency(Map, { owner: 'late', name: 'late' })(async () => new Map());
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'late/late': 0 }));
  });

  test('a loader wrapped again and again (a factory per request) is the same dependency and triggers no read', async () => {
    const { client } = await inMemoryDeciders({});
    const numbers = vi.spyOn(client, 'getNumberDetails');
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    const factory = () => fd.fieldDependency(Map, { owner: 'shopping', name: 'per-request' })(async () => new Map());
    factory();
    await vi.waitFor(() => expect(numbers).toHaveBeenCalledTimes(1));
    for (let request = 0; request < 100; request++) await factory()();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(numbers).toHaveBeenCalledTimes(1);
  });

  test('reads again on the slow timer when the provider sends no event', async () => {
    fd.fieldDependency(Map, { owner: 'shopping' })(async function shopping() {
      return new Map();
    });
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 100 });
    const numbers = vi.spyOn(client, 'getNumberDetails');
    fd.configure({ deciders: client, deciderRefreshMs: 100 });
    await vi.waitFor(() => expect(numbers.mock.calls.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
  });

  test('shutdownFieldDependencies() leaves no timer and no provider handler; the values read stay in force', async () => {
    // Only intervals are faked: the refresh timer is one, the SDK's own timeouts run as usual.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const baseline = vi.getTimerCount();
    fd.fieldDependency(Map, { owner: 'shopping', breaker: false })(async function shopping() {
      return new Map();
    });
    const { client, put } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 0 });
    const numbers = vi.spyOn(client, 'getNumberDetails');
    fd.configure({ deciders: client });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 0 }));
    expect(vi.getTimerCount()).toBe(baseline + 1);

    fd.shutdownFieldDependencies();
    expect(vi.getTimerCount()).toBe(baseline);
    const reads = numbers.mock.calls.length;
    put({ 'field-dependency.shopping.shopping': 50 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(numbers).toHaveBeenCalledTimes(reads);
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 0 });
  });

  test('configure({ deciders: false }) stops reading and lets every call through again', async () => {
    fd.fieldDependency(Map, { owner: 'shopping' })(async function shopping() {
      return new Map();
    });
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 0 });
    fd.configure({ deciders: client });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 0 }));
    fd.configure({ deciders: false });
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'shopping/shopping': 100 });
  });

  test('the decider metrics move with the registry', async () => {
    const { client } = await inMemoryDeciders({});
    fd.configure({ deciders: client });
    const next = fd.useFreshMetricsRegistry();
    expect(registry.getSingleMetric('field_dependency_decider_percent')).toBeUndefined();
    expect(next.getSingleMetric('field_dependency_decider_percent')).toBeDefined();
    expect(next.getSingleMetric('field_dependency_decider_errors_total')).toBeDefined();
  });
});

describe('bad configuration is refused, naming the option', () => {
  test('deciders must be an OpenFeature client: the OpenFeature API object itself is not one', async () => {
    const { OpenFeature } = await import('@openfeature/server-sdk');
    expect(() => fd.configure({ deciders: OpenFeature as never })).toThrow(
      /configure: option `deciders` must be an OpenFeature client \(OpenFeature.getClient\(\) from @openfeature\/server-sdk\) or false; received an object/,
    );
    expect(() => fd.configure({ deciders: true as never })).toThrow(/option `deciders` .* received boolean true/);
  });

  test('deciderRefreshMs must be a whole number of at least 100 ms', () => {
    expect(() => fd.configure({ deciderRefreshMs: 10 })).toThrow('configure: option `deciderRefreshMs` must be a whole number of milliseconds, at least 100; received number 10');
    expect(() => fd.configure({ deciderRefreshMs: 1.5e3 + 0.5 })).toThrow(/received number 1500.5/);
  });

  test.each([[''], ['has space'], [true], [42], [null]])('the decider option refuses %j', (decider) => {
    expect(() => fd.fieldDependency(Map, { owner: 'shopping', decider: decider as never })).toThrow(
      /fieldDependency: option `decider` must be a flag key without spaces \(e.g. 'shopping.kill-switch'\) or false for no decider; received/,
    );
  });

  test('the flag key is part of the declaration: default, named, or false', () => {
    const a = fd.fieldDependency(Map, { owner: 'shopping', name: 'declared-a' })(async () => new Map());
    const b = fd.fieldDependency(Map, { owner: 'shopping', name: 'declared-b', decider: 'shop.off' })(async () => new Map());
    const c = fd.fieldDependency(Map, { owner: 'shopping', name: 'declared-c', decider: false })(async () => new Map());
    expect(fd.fieldDependencyOf(a)?.decider).toBe('field-dependency.shopping.declared-a');
    expect(fd.fieldDependencyOf(b)?.decider).toBe('shop.off');
    expect(fd.fieldDependencyOf(c)?.decider).toBe(false);
  });
});
