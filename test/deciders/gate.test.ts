/**
 * The percentage gate on the hot path (admitCall): a decider below 100 answers like `disableDependency()`,
 * sticky per targeting key, random without one; values come from a real OpenFeature client (in-memory
 * provider); the framework helpers derive the targeting key from the request.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { randomUUID } from 'node:crypto';
import express from 'express';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inMemoryDeciders } from './support.js';

type Runtime = typeof import('field-dependency') & typeof import('field-dependency/testing');

let fd: Runtime;
let registry: Registry;
let closers: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  vi.resetModules();
  fd = { ...(await import('field-dependency')), ...(await import('field-dependency/testing')) };
  registry = fd.useFreshMetricsRegistry();
});

afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
  fd.shutdownFieldDependencies();
});

/** Declares `shopping` (a sync loader counting its calls) and sets its decider to `value`, waiting until it is in force. */
async function shoppingAt(value: unknown, options: { critical?: boolean } = {}) {
  const calls = { count: 0 };
  const shopping = fd.fieldDependency(Array, { owner: 'shopping', name: 'shopping', breaker: false, ...options })((ids: readonly string[]) => {
    calls.count++;
    return ids.map((id) => `price of ${id}`);
  });
  // One call first: the wrapper learns the loader is sync, so refused calls answer synchronously too.
  expect(shopping(['warm-up'])).toEqual(['price of warm-up']);
  calls.count = 0;
  const deciders = await inMemoryDeciders({ 'field-dependency.shopping.shopping': value });
  fd.configure({ deciders: deciders.client });
  await vi.waitFor(async () => {
    const { values } = await registry.getSingleMetric('field_dependency_decider_percent')!.get();
    expect(values[0]?.value).toBe(typeof value === 'boolean' ? (value ? 100 : 0) : value);
  });
  return { shopping, calls, ...deciders };
}

async function degradations(reason: string): Promise<number> {
  const { values } = await registry.getSingleMetric('field_dependency_degradations_total')!.get();
  return values.find((sample) => sample.labels.field === 'shopping' && sample.labels.reason === reason)?.value ?? 0;
}

describe('a decider at 0 answers exactly like disableDependency()', () => {
  it('fallback without calling the loader, reason disabled, counted, in the request record and on the diagnostics channel', async () => {
    const { shopping, calls } = await shoppingAt(0);
    const events: unknown[] = [];
    const listener = (message: unknown) => events.push(message);
    diagnosticsChannel.subscribe(fd.DEGRADED_CHANNEL, listener);
    try {
      const seen = fd.degradationScope(() => {
        const answer = shopping(['1', '2']);
        return { answer, degradations: fd.currentDegradations() };
      }, { endpoint: '/v3/pins/:id' });

      expect(seen.answer).toEqual([]);
      expect(calls.count).toBe(0);
      expect(seen.degradations).toEqual([{ field: 'shopping', owner: 'shopping', reason: 'disabled' }]);
      expect(await degradations('disabled')).toBe(1);
      expect(events).toHaveLength(1);
      const event = events[0] as { reason: string; error: unknown; keys: unknown };
      expect(event).toMatchObject({ field: 'shopping', owner: 'shopping', reason: 'disabled', keys: ['1', '2'] });
      expect(fd.isDependencyDisabledError(event.error)).toBe(true);
      expect((event.error as InstanceType<typeof fd.DependencyDisabledError>).decider).toEqual({ key: 'field-dependency.shopping.shopping', percent: 0 });
      // No stack trace for a decider's refusal (it would cost more than the refusal itself).
      expect((event.error as Error).stack?.split('\n')).toHaveLength(1);
      expect((event.error as Error).message).toBe(
        "field dependency 'shopping' (owner 'shopping') is at 0% by its decider 'field-dependency.shopping.shopping' and this call was left out, the loader was not called",
      );
    } finally {
      diagnosticsChannel.unsubscribe(fd.DEGRADED_CHANNEL, listener);
    }
  });

  it('false is 0 too; true and 100 let every call through', async () => {
    const off = await shoppingAt(false);
    expect(off.shopping(['1'])).toEqual([]);
    off.put({ 'field-dependency.shopping.shopping': true });
    await vi.waitFor(() => expect(off.shopping(['1'])).toEqual(['price of 1']));
  });

  it('a critical dependency at 0 fails with reason disabled', async () => {
    const { shopping, calls } = await shoppingAt(0, { critical: true });
    let caught: unknown;
    try {
      shopping(['1']);
    } catch (error) {
      caught = error;
    }
    expect(fd.isFieldDependencyError(caught)).toBe(true);
    expect(caught).toMatchObject({ field: 'shopping', owner: 'shopping', reason: 'disabled' });
    expect(calls.count).toBe(0);
  });

  it('disableDependency() wins over a decider at 100, and enableDependency() gives the decider back its say', async () => {
    const { shopping, calls, put } = await shoppingAt(100);
    fd.disableDependency('shopping');
    expect(shopping(['1'])).toEqual([]);
    expect(calls.count).toBe(0);
    fd.enableDependency('shopping');
    expect(shopping(['1'])).toEqual(['price of 1']);
    put({ 'field-dependency.shopping.shopping': 0 });
    await vi.waitFor(() => expect(shopping(['1'])).toEqual([]));
    // The manual switch says nothing about the decider: the one that refused is named.
    fd.disableDependency('shopping');
    const events: { error: { decider: unknown } }[] = [];
    const listener = (message: unknown) => events.push(message as { error: { decider: unknown } });
    diagnosticsChannel.subscribe(fd.DEGRADED_CHANNEL, listener);
    shopping(['1']);
    diagnosticsChannel.unsubscribe(fd.DEGRADED_CHANNEL, listener);
    expect(events[0]?.error.decider).toBeUndefined();
    expect((events[0]?.error as unknown as Error).stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('fails open: a bad value lets every call through, and is counted', async () => {
    const { shopping, put } = await shoppingAt(0);
    put({ 'field-dependency.shopping.shopping': 'fifty' });
    await vi.waitFor(() => expect(shopping(['1'])).toEqual(['price of 1']));
    const { values } = await registry.getSingleMetric('field_dependency_decider_errors_total')!.get();
    expect(values[0]?.value).toBeGreaterThanOrEqual(1);
  });

  it('a change reaches the calls within a second of the provider\'s configuration-changed event', async () => {
    const { shopping, client, put } = await shoppingAt(100);
    let changedAt = 0;
    client.addHandler('PROVIDER_CONFIGURATION_CHANGED' as never, () => {
      changedAt = performance.now();
    });
    put({ 'field-dependency.shopping.shopping': 0 });
    await vi.waitFor(() => expect(shopping(['1'])).toEqual([]), { timeout: 1000, interval: 5 });
    expect(changedAt).toBeGreaterThan(0);
  });
});

describe('stickiness per targeting key', () => {
  it('the same key gets the same answer over 10,000 calls at 37%', async () => {
    const { shopping } = await shoppingAt(37);
    const outcomes = new Set<number>();
    for (const key of ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7', 'user-8']) {
      const answers = new Set<number>();
      for (let call = 0; call < 10_000; call++) {
        answers.add(fd.degradationScope(() => shopping(['1']).length, { endpoint: '/pins', targetingKey: key }));
      }
      expect(answers.size, key).toBe(1);
      outcomes.add([...answers][0]!);
    }
    // Both answers occur among these keys: the gate really splits them.
    expect(outcomes).toEqual(new Set([0, 1]));
  });

  it('the share of 100,000 random keys let through at 37% is 37% ± 1', async () => {
    const { shopping, calls } = await shoppingAt(37);
    for (let request = 0; request < 100_000; request++) {
      fd.degradationScope(() => shopping(['1']), { endpoint: '/pins', targetingKey: randomUUID() });
    }
    expect(calls.count / 1000).toBeGreaterThanOrEqual(36);
    expect(calls.count / 1000).toBeLessThanOrEqual(38);
  });

  it('the key is hashed once per request (on the first gated call), not per call', async () => {
    const { RequestRecord } = await import('../../src/scope/RequestRecord.js');
    const { targetingHash } = await import('../../src/deciders/targetingHash.js');
    const record = new RequestRecord('/pins', 'user-1');
    expect((record as unknown as { keyHash: number }).keyHash).toBe(-2); // not hashed until a decider below 100 asks
    expect(record.targetingHash).toBe(targetingHash('user-1'));
    expect((record as unknown as { keyHash: number }).keyHash).toBe(targetingHash('user-1'));
    expect(new RequestRecord('/pins').targetingHash).toBe(-1);
  });

  it('without a key, calls are gated at random at the percentage', async () => {
    const { shopping, calls } = await shoppingAt(37);
    for (let call = 0; call < 100_000; call++) shopping(['1']);
    expect(calls.count / 1000).toBeGreaterThanOrEqual(36);
    expect(calls.count / 1000).toBeLessThanOrEqual(38);
  });

  it('degradationScope refuses a targetingKey that is not a string', () => {
    expect(() => fd.degradationScope(() => 1, { endpoint: '/pins', targetingKey: 42 as never })).toThrow(
      'degradationScope: option `targetingKey` must be a string (a user or session id) or undefined; received number 42',
    );
  });
});

describe('the framework helpers derive the targeting key from the request', () => {
  it('Express: the same session gets the same answer on every request, sessions differ', async () => {
    const { shopping } = await shoppingAt(50);
    const app = express();
    app.use(fd.fieldDependencyExpress({ targetingKey: (req: express.Request) => req.get('x-session-id') }));
    app.get('/pins/:id', (_req, res) => void res.json(shopping(['1'])));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pins/1`;
    const headersFor = async (session: string) => {
      const seen = new Set<string | null>();
      for (let request = 0; request < 20; request++) seen.add((await fetch(url, { headers: { 'x-session-id': session } })).headers.get('x-degraded-fields'));
      return seen;
    };
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => headersFor(`session-${index}`)));
    for (const seen of answers) expect(seen.size).toBe(1);
    const shut = answers.filter((seen) => seen.has('shopping')).length;
    expect(shut).toBeGreaterThan(0);
    expect(shut).toBeLessThan(12);
  });

  it('Fastify: the same, from a header; a throwing key function gives the request no key instead of failing it', async () => {
    const { shopping } = await shoppingAt(50);
    const app = Fastify();
    await app.register(fd.fieldDependencyFastify, {
      targetingKey: (request) => {
        const session = request.headers?.['x-session-id'];
        if (session === 'explode') throw new Error('bad cookie');
        return typeof session === 'string' ? session : undefined;
      },
    });
    app.get('/pins/:id', async () => shopping(['1']));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/pins/1`;
    const answers: Set<string | null>[] = [];
    for (let session = 0; session < 12; session++) {
      const seen = new Set<string | null>();
      for (let request = 0; request < 20; request++) seen.add((await fetch(url, { headers: { 'x-session-id': `s${session}` } })).headers.get('x-degraded-fields'));
      answers.push(seen);
    }
    for (const seen of answers) expect(seen.size).toBe(1);
    expect(answers.filter((seen) => seen.has('shopping')).length).toBeGreaterThan(0);
    expect(answers.filter((seen) => seen.has('shopping')).length).toBeLessThan(12);
    expect((await fetch(url, { headers: { 'x-session-id': 'explode' } })).status).toBe(200);
  });

  it('a targetingKey that is not a function is a TypeError naming the option', async () => {
    expect(() => fd.fieldDependencyExpress({ targetingKey: 'x-session-id' as never })).toThrow(
      'field-dependency: option `targetingKey` must be a function (request) => string | undefined; received "x-session-id"',
    );
    const app = Fastify();
    await expect(app.register(fd.fieldDependencyFastify, { targetingKey: 'x-session-id' as never })).rejects.toThrow(/option `targetingKey` must be a function/);
  });
});
