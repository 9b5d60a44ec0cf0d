/**
 * Brownout end to end: a real Fastify server on 127.0.0.1 whose handlers burn CPU (a critical field and two
 * optional ones, tier 2 and tier 3), overloaded over real HTTP by open-loop arrivals from a worker thread,
 * half of them low priority (prefetch), half high. Asserts what must hold however slow the machine is: a critical field is
 * never shed, optional ones are shed (a low-priority request's first), and every field comes back by
 * itself once the load stops. Short controller intervals; polling with generous deadlines; no timing asserts.
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, fieldDependency, fieldDependencyFastify, shutdownFieldDependencies, type RequestPriority } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { brownout } from '../../src/brownout/brownoutState.js';
import { currentContext } from '../../src/scope/callContext.js';

/** Keeps the CPU busy for `ms` milliseconds (the work of a field). */
function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

const loadPin = fieldDependency(Object, { owner: 'pins', name: 'e2e_pin', critical: true })(async (id: string): Promise<{ id?: string }> => {
  burn(1);
  return { id };
});
const loadShopping = fieldDependency(Object, { owner: 'shopping', name: 'e2e_shopping', tier: 2, breaker: false })(async (id: string): Promise<{ price?: number }> => {
  burn(3);
  return { price: id.length };
});
const loadRelated = fieldDependency(Array, { owner: 'related', name: 'e2e_related', tier: 3, breaker: false })(async (id: string) => {
  burn(3);
  return [`${id}-related`];
});

/** Every optional call made while brownout was on, in the order the server made them: its request's priority and whether it was shed. */
const optionalCalls: { priority: RequestPriority; field: string; shed: boolean }[] = [];

interface Answer {
  readonly priority: RequestPriority;
  readonly status: number;
  readonly degraded: readonly string[];
  readonly body: { pin?: { id: string } | null; shopping?: unknown; related?: unknown };
}

/** An answer as the load generator reports it: whether the critical field was there. */
interface LoadAnswer {
  readonly priority: RequestPriority;
  readonly status: number;
  readonly degraded: readonly string[];
  readonly pin: boolean;
}

/**
 * The load generator, run in a worker thread: every 10 ms it sends `perSecond / 100` requests, whatever the
 * answers (open loop), alternating low and high priority, at most 64 in flight (an arrival beyond that is
 * dropped and counted, as a client timing out would be); it reports the answers every 100 ms.
 */
const LOAD_GENERATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, perTick } = workerData;
let inFlight = 0, sent = 0, dropped = 0, stopping = false, batch = [];
async function send(priority) {
  inFlight++;
  try {
    const response = await fetch(base + '/pins/load-' + sent, { headers: { 'x-purpose': priority === 'low' ? 'prefetch' : 'user' } });
    const header = response.headers.get('x-degraded-fields');
    const body = await response.json();
    batch.push({ priority, status: response.status, degraded: header === null ? [] : header.split(', ').sort(), pin: !!(body.pin && body.pin.id) });
  } catch (error) {
    batch.push({ priority, status: 0, degraded: [], pin: false, error: String(error) });
  } finally {
    inFlight--;
  }
}
const arrivals = setInterval(() => {
  for (let index = 0; index < perTick; index++) {
    if (inFlight >= 64) { dropped++; continue; }
    send(sent++ % 2 === 0 ? 'low' : 'high');
  }
}, 10);
const reports = setInterval(() => {
  if (batch.length > 0) parentPort.postMessage({ answers: batch, dropped });
  batch = [];
  if (stopping && inFlight === 0) {
    clearInterval(reports);
    parentPort.postMessage({ answers: [], dropped, done: true });
  }
}, 100);
parentPort.on('message', () => { stopping = true; clearInterval(arrivals); });
`;

function startLoad(base: string, perSecond: number): { answers: LoadAnswer[]; dropped(): number; stop(): Promise<LoadAnswer[]> } {
  const answers: LoadAnswer[] = [];
  let dropped = 0;
  const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { base, perTick: perSecond / 100 } });
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  worker.on('message', (message: { answers: LoadAnswer[]; dropped: number; done?: boolean }) => {
    answers.push(...message.answers);
    dropped = message.dropped;
    if (message.done === true) finished();
  });
  return {
    answers,
    dropped: () => dropped,
    async stop() {
      worker.postMessage('stop');
      await done;
      await worker.terminate();
      return answers;
    },
  };
}

let app: FastifyInstance;
let base = '';
let registry: Registry;

async function ask(priority: RequestPriority, id: string): Promise<Answer> {
  const response = await fetch(`${base}/pins/${id}`, { headers: { 'x-purpose': priority === 'low' ? 'prefetch' : 'user' } });
  const header = response.headers.get('x-degraded-fields');
  return { priority, status: response.status, degraded: header === null ? [] : header.split(', ').sort(), body: (await response.json()) as Answer['body'] };
}

beforeAll(async () => {
  registry = useFreshMetricsRegistry();
  app = Fastify();
  await app.register(fieldDependencyFastify, { priority: (request) => (request.headers?.['x-purpose'] === 'prefetch' ? 'low' : 'high') });
  app.get('/pins/:id', async (request) => {
    const { id } = request.params as { id: string };
    const priority = currentContext()?.request?.priority ?? 'normal';
    const pin = await loadPin(id);
    const shopping = await loadShopping(id);
    const related = await loadRelated(id);
    if (brownout.on) {
      optionalCalls.push({ priority, field: 'shopping', shed: Object.keys(shopping).length === 0 });
      optionalCalls.push({ priority, field: 'related', shed: related.length === 0 });
    }
    return { pin, shopping, related };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  configure({ brownout: { targetLatencyMs: 100, maxEventLoopDelayMs: 20, intervalMs: 100 } });
});

afterAll(async () => {
  configure({ brownout: false });
  shutdownFieldDependencies();
  await app.close();
});

/** Polls `check` every `everyMs` until it returns true, failing after `withinMs`. */
async function eventually(check: () => Promise<boolean>, withinMs: number, everyMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`not within ${withinMs} ms: ${what}`);
}

describe('brownout on a real overloaded server', () => {
  it('never sheds the critical field, sheds optional ones (low priority first), and restores them after the load stops', { timeout: 120_000 }, async () => {
    // Healthy first: one request at a time, full service.
    const healthy = await ask('low', 'warmup');
    expect(healthy).toMatchObject({ status: 200, degraded: [], body: { pin: { id: 'warmup' }, shopping: { price: 6 }, related: ['warmup-related'] } });

    // Overload: open-loop arrivals from a worker thread (its own event loop, so this server's is the one
    // overloaded), 300 a second, alternating priorities, until low-priority requests have been shed for a while
    // (at least 3 s of load, at most 60 s).
    const overloadStarted = Date.now();
    const load = startLoad(base, 300);
    await eventually(
      async () => Date.now() - overloadStarted >= 3000 && load.answers.filter((answer) => answer.priority === 'low' && answer.degraded.length > 0).length >= 20,
      60_000,
      100,
      'low-priority requests shed under overload',
    );
    const answers = await load.stop();
    expect(answers.length).toBeGreaterThan(100);

    // Every answer was a 200 with the critical field present, never named as degraded.
    expect(answers.filter((answer) => answer.status !== 200 || !answer.pin)).toEqual([]);
    expect(answers.flatMap((answer) => answer.degraded).filter((field) => field === 'e2e_pin')).toEqual([]);
    const text = await registry.metrics();
    expect(text).toContain('field_dependency_degradations_total{field="e2e_pin",owner="pins",reason="shed"} 0\n');
    expect(text).toContain('field_dependency_calls_total{field="e2e_pin",owner="pins",critical="true",outcome="failed"} 0\n');
    expect(text).not.toContain('field_dependency_calls_total{field="e2e_pin",owner="pins",critical="true",outcome="shed"}');

    // Optional fields were shed, and only for the shed reason; the first call shed was a low-priority request's.
    const shedCalls = optionalCalls.filter((call) => call.shed);
    expect(shedCalls.length).toBeGreaterThan(0);
    expect(shedCalls[0]?.priority).toBe('low');
    const shedShare = (priority: RequestPriority): number => {
      const calls = optionalCalls.filter((call) => call.priority === priority);
      return calls.filter((call) => call.shed).length / calls.length;
    };
    expect(shedShare('low')).toBeGreaterThan(0);
    expect(shedShare('low')).toBeGreaterThanOrEqual(shedShare('high'));
    expect(text).toMatch(/field_dependency_calls_total\{field="e2e_related",owner="related",critical="false",outcome="shed"\} [1-9]/);
    expect(text).toMatch(/field_dependency_degradations_total\{field="e2e_related",owner="related",reason="shed"\} [1-9]/);
    expect(text).toContain('field_dependency_degradations_total{field="e2e_related",owner="related",reason="error"} 0\n');

    // The load is gone: one request at a time. Every field comes back by itself, for both priorities.
    await eventually(async () => brownout.level === 0, 60_000, 100, 'the brownout level back at 0');
    for (const priority of ['low', 'high'] as const) {
      const answer = await ask(priority, `after-${priority}`);
      expect(answer).toMatchObject({ status: 200, degraded: [], body: { shopping: { price: expect.any(Number) }, related: [`after-${priority}-related`] } });
    }
    const admitted = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_brownout_admitted_ratio');
    expect(admitted?.values.map(({ value }) => value)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
