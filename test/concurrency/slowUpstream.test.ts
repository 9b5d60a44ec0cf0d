/**
 * The concurrency limit end to end: a real upstream (node:http on 127.0.0.1) whose latency is switched ×10,
 * called by a wrapped loader behind a real Fastify API, under concurrent requests. Asserts counts and states,
 * never durations: a held upstream proves that the excess answers at once rather than after `timeoutMs`.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DEGRADED_FIELDS_HEADER, fieldDependency, fieldDependencyFastify } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';

const LIMIT = 4;

/** The shopping upstream: answers each request after `latencyMs`; while `held`, answers nothing until released. */
class Upstream {
  latencyMs = 5;
  /** Requests being served now, and the most at once. */
  active = 0;
  peak = 0;
  received = 0;
  private held: (() => void)[] | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly server = http.createServer((request, response) => {
    this.received++;
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    const answer = () => {
      this.active--;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ pin: request.url?.slice(1), price: 10 }));
    };
    if (this.held === undefined) setTimeout(answer, this.latencyMs);
    else this.held.push(answer);
    this.notify();
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  hold(): void {
    this.held = [];
  }

  /** Resolves once `count` requests are held. */
  holding(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.notify();
    });
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const answer of held) setTimeout(answer, this.latencyMs);
  }

  private notify(): void {
    const count = this.held?.length ?? 0;
    this.waiters = this.waiters.filter((waiter) => (waiter.count <= count ? (waiter.resolve(), false) : true));
  }
}

const upstream = new Upstream();
let api: FastifyInstance;
let apiUrl: string;
let registry: Registry;

const loadShopping = fieldDependency(Map, { owner: 'shopping', name: 'slowShopping', concurrencyLimit: LIMIT, timeoutMs: 60_000, breaker: false })(
  async (pinIds: readonly string[]): Promise<Map<string, number>> => {
    const answers = await Promise.all(pinIds.map(async (id) => (await fetch(`${upstream.url}/${id}`)).json() as Promise<{ price: number }>));
    return new Map(pinIds.map((id, index) => [id, (answers[index] as { price: number }).price]));
  },
);

beforeAll(async () => {
  upstream.server.listen(0, '127.0.0.1');
  await once(upstream.server, 'listening');
  api = Fastify();
  await api.register(fieldDependencyFastify);
  api.get<{ Params: { id: string } }>('/pins/:id', async (request) => {
    const shopping = await loadShopping([request.params.id]);
    return { id: request.params.id, price: shopping.get(request.params.id) ?? null };
  });
  await api.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await api.close();
  upstream.server.close();
  upstream.server.closeAllConnections();
});

beforeEach(() => {
  registry = useFreshMetricsRegistry();
  upstream.peak = 0;
  upstream.received = 0;
  upstream.latencyMs = 5;
});

interface PinPage {
  readonly price: number | null;
  readonly degraded: string | null;
}

async function getPin(id: string): Promise<PinPage> {
  const response = await fetch(`${apiUrl}/pins/${id}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { price: number | null };
  return { price: body.price, degraded: response.headers.get(DEGRADED_FIELDS_HEADER) };
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const { values } = await registry.getSingleMetric(name)!.get();
  return values.find((value) => value.labels.field === 'slowShopping' && Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))
    ?.value;
}

describe('a slow upstream behind a concurrency limit', () => {
  test('healthy: requests up to the limit at once are all served', async () => {
    const pages = await Promise.all(Array.from({ length: LIMIT }, (_, index) => getPin(`healthy${index}`)));
    expect(pages.every((page) => page.price === 10 && page.degraded === null)).toBe(true);
    expect(upstream.received).toBe(LIMIT);
  });

  test('10× slower, under 40 concurrent requests: at most LIMIT calls reach it, the rest degrade at once (while it still holds every call), then it serves again', async () => {
    upstream.latencyMs = 50;
    upstream.hold();
    const requests = Array.from({ length: 40 }, (_, index) => getPin(`slow${index}`));
    await upstream.holding(LIMIT);
    // The upstream holds LIMIT calls and answers none: every other request has its page already, degraded.
    const settled: PinPage[] = [];
    const pending = requests.map((request) => request.then((page) => settled.push(page)));
    while (settled.length < 40 - LIMIT) await new Promise((resolve) => setImmediate(resolve));
    expect(settled.every((page) => page.price === null && page.degraded === 'slowShopping')).toBe(true);
    expect(upstream.active).toBe(LIMIT);
    expect(await metric('field_dependency_in_flight')).toBe(LIMIT);
    expect(await metric('field_dependency_degradations_total', { reason: 'shed' })).toBe(40 - LIMIT);
    expect(await metric('field_dependency_calls_total', { outcome: 'degraded' })).toBe(40 - LIMIT);

    upstream.release();
    await Promise.all(pending);
    expect(settled.filter((page) => page.price === 10 && page.degraded === null)).toHaveLength(LIMIT);
    expect(upstream.peak).toBe(LIMIT);
    expect(upstream.received).toBe(LIMIT);
    expect(await metric('field_dependency_in_flight')).toBe(0);

    // Back to its normal latency: a full set of requests is served again.
    upstream.latencyMs = 5;
    const after = await Promise.all(Array.from({ length: LIMIT }, (_, index) => getPin(`after${index}`)));
    expect(after.every((page) => page.price === 10 && page.degraded === null)).toBe(true);
    expect(await metric('field_dependency_calls_total', { outcome: 'success' })).toBe(2 * LIMIT);
  });

  test('10× slower without holding: however many requests arrive at once, the upstream never sees more than LIMIT', async () => {
    upstream.latencyMs = 50;
    for (let round = 0; round < 3; round++) {
      const pages = await Promise.all(Array.from({ length: 25 }, (_, index) => getPin(`round${round}-${index}`)));
      // How many are served depends on how the requests arrive (a slot freed serves the next); each is served or degraded.
      const served = pages.filter((page) => page.price === 10 && page.degraded === null).length;
      expect(served).toBeGreaterThanOrEqual(1);
      expect(pages.filter((page) => page.price === null && page.degraded === 'slowShopping')).toHaveLength(25 - served);
    }
    expect(upstream.peak).toBeLessThanOrEqual(LIMIT);
    expect(await metric('field_dependency_in_flight')).toBe(0);
  });
});
