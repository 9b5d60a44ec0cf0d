/**
 * Deciders over a provider that misbehaves, with the real OpenFeature SDK: a flag read that never
 * settles, one that takes seconds, one that rejects with a value that throws when looked at, and 5,000
 * deciders read in one refresh. No read may freeze the others, none may reject unhandled, and a refresh
 * hands the event loop back between small groups of reads.
 */
import { InMemoryProvider, OpenFeature, type EvaluationContext, type Logger, type ResolutionDetails } from '@openfeature/server-sdk';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { flagConfiguration } from './support.js';

noUnhandledRejections();

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

/** What the provider does for one flag key instead of answering from its configuration. */
type Behaviour = { readonly kind: 'hang' } | { readonly kind: 'delay'; readonly ms: number } | { readonly kind: 'reject'; readonly value: unknown };

/** The SDK's in-memory provider, except for the flags told to hang, be slow or reject. */
class MisbehavingProvider extends InMemoryProvider {
  readonly behaviours = new Map<string, Behaviour>();
  readonly started: string[] = [];

  override resolveNumberEvaluation(flagKey: string, defaultValue: number, context?: EvaluationContext, logger?: Logger): Promise<ResolutionDetails<number>> {
    this.started.push(flagKey);
    const behaviour = this.behaviours.get(flagKey);
    const answer = () => super.resolveNumberEvaluation(flagKey, defaultValue, context, logger);
    if (behaviour === undefined) return answer();
    switch (behaviour.kind) {
      case 'hang':
        return new Promise(() => {});
      case 'delay':
        return new Promise((resolve) => setTimeout(resolve, behaviour.ms)).then(answer);
      case 'reject':
        return Promise.reject(behaviour.value);
    }
  }
}

/** A Proxy that throws itself from every trap: `instanceof`, property reads, `String()` all throw a value that throws too. */
function selfThrowing(): object {
  const handler: ProxyHandler<object> = {};
  const proxy: object = new Proxy({}, handler);
  for (const trap of ['get', 'getPrototypeOf', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'apply'] as const) {
    handler[trap] = () => {
      throw proxy;
    };
  }
  return proxy;
}

let domains = 0;
let fd: Runtime;
let registry: Registry;

beforeEach(async () => {
  vi.resetModules();
  fd = { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
  registry = fd.useFreshMetricsRegistry();
});

afterEach(() => {
  fd.shutdownFieldDependencies();
  vi.useRealTimers();
});

async function deciders(flags: Record<string, unknown>): Promise<{ provider: MisbehavingProvider; client: ReturnType<typeof OpenFeature.getClient> }> {
  const provider = new MisbehavingProvider(flagConfiguration(flags));
  const domain = `slow-providers-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  return { provider, client: OpenFeature.getClient(domain) };
}

async function samples(name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map((sample) => [`${sample.labels.owner}/${sample.labels.field}`, sample.value]));
}

function declare(owner: string, name: string): void {
  fd.fieldDependency(Map, { owner, name, breaker: false })(async () => new Map());
}

/** Lets the microtasks and a few real macrotask turns run (fake timers only fake setTimeout here). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('a flag read that never settles', () => {
  test('does not freeze the other deciders: a field switched back to 100 is at 100, and refreshDeciders() resolves at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    declare('search', 'stuck');
    declare('shopping', 'prices');
    const { provider, client } = await deciders({ 'field-dependency.search.stuck': 100, 'field-dependency.shopping.prices': 0 });
    provider.behaviours.set('field-dependency.search.stuck', { kind: 'hang' });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    await settle();
    // The other flag is in force at once, while the stuck read is still waiting.
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/stuck': 100, 'shopping/prices': 0 });

    provider.putConfiguration(flagConfiguration({ 'field-dependency.search.stuck': 100, 'field-dependency.shopping.prices': 100 }));
    let refreshed = false;
    void fd.refreshDeciders().then(() => (refreshed = true));
    await settle();
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/stuck': 100, 'shopping/prices': 100 });

    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(refreshed).toBe(true);
    // Each read past its deadline is a decider error; a flag never read fails open.
    expect((await samples('field_dependency_decider_errors_total'))['search/stuck']).toBeGreaterThanOrEqual(1);
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/stuck': 100, 'shopping/prices': 100 });
  });

  test('a read past its deadline keeps the last value read, and counts an error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    declare('search', 'ranking');
    const { provider, client } = await deciders({ 'field-dependency.search.ranking': 0 });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/ranking': 0 }));

    provider.behaviours.set('field-dependency.search.ranking', { kind: 'hang' });
    const refresh = fd.refreshDeciders();
    await vi.advanceTimersByTimeAsync(1_000);
    await refresh;
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/ranking': 0 });
    expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'search/ranking': 1 });
  });

  test('the deadline is configure({ deciderReadTimeoutMs }), checked like the other options', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(() => fd.configure({ deciderReadTimeoutMs: 0 })).toThrow(
      'configure: option `deciderReadTimeoutMs` must be a whole number of milliseconds from 1 to 2147483647; received number 0',
    );
    expect(() => fd.configure({ deciderReadTimeoutMs: '50' as never })).toThrow(/option `deciderReadTimeoutMs` .* received "50"/);
    expect(() => fd.configure({ deciderReadTimeoutMs: 2 ** 31 })).toThrow(/received number 2147483648/);
    declare('search', 'ranking');
    const { provider, client } = await deciders({ 'field-dependency.search.ranking': 0 });
    provider.behaviours.set('field-dependency.search.ranking', { kind: 'hang' });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000, deciderReadTimeoutMs: 50 });
    await settle();
    await vi.advanceTimersByTimeAsync(49);
    expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'search/ranking': 0 });
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'search/ranking': 1 });
  });

  test('shutdown while a read hangs leaves no timer behind, and refreshDeciders() still resolves', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const baseline = vi.getTimerCount();
    declare('search', 'ranking');
    const { provider, client } = await deciders({ 'field-dependency.search.ranking': 0 });
    provider.behaviours.set('field-dependency.search.ranking', { kind: 'hang' });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    await settle();
    const refresh = fd.refreshDeciders();
    fd.shutdownFieldDependencies();
    await refresh;
    expect(vi.getTimerCount()).toBe(baseline);
  });
});

describe('a slow provider', () => {
  test('a flag that takes 8 s does not delay the others: each value is in force as soon as it is read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    declare('search', 'slow');
    declare('shopping', 'prices');
    const { provider, client } = await deciders({ 'field-dependency.search.slow': 0, 'field-dependency.shopping.prices': 0 });
    provider.behaviours.set('field-dependency.search.slow', { kind: 'delay', ms: 8_000 });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000, deciderReadTimeoutMs: 10_000 });
    await settle();
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/slow': 100, 'shopping/prices': 0 });
    await vi.advanceTimersByTimeAsync(8_000);
    await settle();
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/slow': 0, 'shopping/prices': 0 });
    expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'search/slow': 0, 'shopping/prices': 0 });
  });
});

describe('a read that rejects with a value that throws when inspected', () => {
  test('through the real SDK: no unhandled rejection, an error counted, failed open', async () => {
    declare('search', 'hostile');
    declare('shopping', 'prices');
    const { provider, client } = await deciders({ 'field-dependency.search.hostile': 0, 'field-dependency.shopping.prices': 0 });
    provider.behaviours.set('field-dependency.search.hostile', { kind: 'reject', value: selfThrowing() });
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    await fd.refreshDeciders();
    await vi.waitFor(async () => expect(await samples('field_dependency_decider_errors_total')).toEqual({ 'search/hostile': 2, 'shopping/prices': 0 }));
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/hostile': 100, 'shopping/prices': 0 });
  });

  test('a client whose read rejects with it: the same', async () => {
    declare('search', 'hostile');
    const { client } = await deciders({});
    const hostileClient = Object.assign(Object.create(client) as typeof client, {
      getNumberDetails: () => Promise.reject(selfThrowing()),
    });
    fd.configure({ deciders: hostileClient, deciderRefreshMs: 60_000 });
    await fd.refreshDeciders();
    await vi.waitFor(async () => expect((await samples('field_dependency_decider_errors_total'))['search/hostile']).toBeGreaterThanOrEqual(1));
    expect(await samples('field_dependency_decider_percent')).toEqual({ 'search/hostile': 100 });
  });
});

describe('5,000 deciders', () => {
  test('a refresh starts its reads in small groups and hands the event loop back between them', async () => {
    const { DECIDER_READS_PER_TURN } = await import('../../src/deciders/DeciderSync.js');
    const count = 5_000;
    const flags: Record<string, number> = {};
    for (let index = 0; index < count; index++) {
      declare('bulk', `field${index}`);
      flags[`field-dependency.bulk.field${index}`] = index % 2 === 0 ? 0 : 100;
    }
    const { provider, client } = await deciders(flags);
    fd.configure({ deciders: client, deciderRefreshMs: 60_000 });
    await fd.refreshDeciders();
    provider.started.length = 0;

    // Reads started by each turn of the event loop, seen by a check queued ahead of the refresh's own:
    // a refresh that started them all at once would show 5,000 at the first turn.
    const perTurn: number[] = [];
    let done = false;
    const observe = (): void => {
      perTurn.push(provider.started.length);
      if (!done) setImmediate(observe);
    };
    setImmediate(observe);
    const refresh = fd.refreshDeciders().then(() => (done = true));
    await refresh;
    expect(provider.started).toHaveLength(count);
    expect(DECIDER_READS_PER_TURN).toBeLessThanOrEqual(250);
    const increments = perTurn.map((started, index) => started - (perTurn[index - 1] ?? 0));
    expect(Math.max(...increments)).toBeLessThanOrEqual(DECIDER_READS_PER_TURN);
    const percent = await samples('field_dependency_decider_percent');
    expect(percent['bulk/field0']).toBe(0);
    expect(percent['bulk/field4999']).toBe(100);
  });
});
