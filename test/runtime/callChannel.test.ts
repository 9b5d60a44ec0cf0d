/**
 * The `field-dependency:call` tracing channel, subscribed to with Node's own `diagnostics_channel` API as
 * an APM agent or the OpenTelemetry instrumentation would: every guarded call publishes the tracing events
 * in Node's order, with `outcome` and `reason` on the context by the time the call has ended.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import DataLoader from 'dataloader';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_CHANNEL, degradationScope, disableDependency, fieldDependency, isFieldDependencyError, shutdownFieldDependencies, type CallTraceContext } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

const channel = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);
const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;
type EventName = (typeof EVENTS)[number];

/** Each event as it was published: its name and a copy of the context at that moment. */
let published: { event: EventName; context: CallTraceContext }[];
const handlers = Object.fromEntries(
  EVENTS.map((event) => [event, (context: CallTraceContext): void => void published.push({ event, context: { ...context } })]),
) as Record<EventName, (context: CallTraceContext) => void>;

let sequence = 0;
const uniqueField = (): string => `traced_${++sequence}`;

beforeEach(() => {
  useFreshMetricsRegistry();
  published = [];
  channel.subscribe(handlers);
});

afterEach(() => {
  channel.unsubscribe(handlers);
});

afterAll(() => {
  shutdownFieldDependencies();
});

const events = (): EventName[] => published.map(({ event }) => event);
const last = (): CallTraceContext => (published.at(-1) as { context: CallTraceContext }).context;

describe('the field-dependency:call tracing channel', () => {
  it('publishes start, end, asyncStart and asyncEnd for a call answered with a promise, outcome success', async () => {
    const field = uniqueField();
    const batch = fieldDependency([null], { owner: 'tracing', name: field })(async (ids: readonly string[]): Promise<(number | null)[]> => ids.map((id) => id.length));
    await expect(degradationScope(() => batch(['a', 'bb']), { endpoint: '/pins/:id' })).resolves.toEqual([1, 2]);
    expect(events()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(published[0]?.context).toEqual({ field, owner: 'tracing', critical: false, endpoint: '/pins/:id', keys: 2 });
    expect(last()).toEqual({ field, owner: 'tracing', critical: false, endpoint: '/pins/:id', keys: 2, outcome: 'success', result: [1, 2] });
  });

  it('gives a degraded call outcome degraded and its reason, and no error event: the fallback is the result', async () => {
    const field = uniqueField();
    const batch = fieldDependency(Map, { owner: 'tracing', name: field, breaker: false })(async (_ids: readonly string[]): Promise<Map<string, number>> => {
      throw new Error('upstream down');
    });
    const answer = await batch(['a']);
    expect(answer).toEqual(new Map());
    expect(events()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(last()).toMatchObject({ field, endpoint: undefined, keys: 1, outcome: 'degraded', reason: 'error', result: answer });
    expect(last()).not.toHaveProperty('error');
  });

  it('gives a per-key failure outcome degraded with reason partial', async () => {
    const batch = fieldDependency([null], { owner: 'tracing', name: uniqueField() })(async (ids: readonly string[]): Promise<(string | Error | null)[]> => ids.map((id) => (id === 'bad' ? new Error('one key') : id)));
    await expect(batch(['ok', 'bad'])).resolves.toEqual(['ok', null]);
    expect(last()).toMatchObject({ outcome: 'degraded', reason: 'partial', keys: 2 });
  });

  it('publishes error with the FieldDependencyError of a critical failure, outcome failed', async () => {
    const field = uniqueField();
    const batch = fieldDependency(Array, { owner: 'tracing', name: field, critical: true })(async (_ids: readonly string[]): Promise<string[]> => {
      throw new Error('db-internal.corp.example:5432 refused');
    });
    const rejection = await batch(['a']).catch((error: unknown) => error);
    expect(isFieldDependencyError(rejection)).toBe(true);
    expect(events()).toEqual(['start', 'end', 'error', 'asyncStart', 'asyncEnd']);
    const failed = published.find(({ event }) => event === 'error')?.context;
    expect(failed).toMatchObject({ field, critical: true, outcome: 'failed', reason: 'error', error: rejection });
  });

  it('publishes start and end only for a sync loader, with the outcome already set at end', () => {
    const lengths = fieldDependency(Number, { owner: 'tracing', name: uniqueField() })((id: string) => id.length);
    expect(lengths('abc')).toBe(3);
    expect(events()).toEqual(['start', 'end']);
    expect(last()).toMatchObject({ outcome: 'success', result: 3, keys: undefined });
  });

  it('publishes an error for a sync critical throw, with no async events', () => {
    const parse = fieldDependency(Number, { owner: 'tracing', name: uniqueField(), critical: true, breaker: false })((text: string): number => {
      throw new Error(`cannot parse ${text}`);
    });
    expect(() => parse('x')).toThrow();
    expect(events()).toEqual(['start', 'error', 'end']);
    expect(last()).toMatchObject({ outcome: 'failed', reason: 'error' });
  });

  it('traces a refused call: a switched-off dependency answers with reason disabled', async () => {
    const field = uniqueField();
    const batch = fieldDependency([null], { owner: 'tracing', name: field })(async (ids: readonly string[]): Promise<(string | null)[]> => [...ids]);
    disableDependency(field, 'tracing');
    await expect(batch(['a'])).resolves.toEqual([null]);
    expect(last()).toMatchObject({ outcome: 'degraded', reason: 'disabled' });
  });

  it('traces the calls a DataLoader makes of a wrapped batch function', async () => {
    const field = uniqueField();
    const loader = new DataLoader(fieldDependency([null], { owner: 'tracing', name: field })(async (ids: readonly string[]): Promise<(string | null)[]> => ids.map((id) => id.toUpperCase())));
    await expect(Promise.all([loader.load('a'), loader.load('b')])).resolves.toEqual(['A', 'B']);
    expect(events()).toEqual(['start', 'end', 'asyncStart', 'asyncEnd']);
    expect(last()).toMatchObject({ field, keys: 2, outcome: 'success' });
  });

  it('runs the call inside the stores bound to start, so an agent\'s context reaches the loader', async () => {
    const store = new AsyncLocalStorage<string>();
    channel.start.bindStore(store, (context) => `span of ${context.field}`);
    try {
      const field = uniqueField();
      const seen = fieldDependency(Array, { owner: 'tracing', name: field })(async (_ids: readonly string[]) => [store.getStore()]);
      await expect(seen(['a'])).resolves.toEqual([`span of ${field}`]);
    } finally {
      channel.start.unbindStore(store);
    }
  });

  it('publishes nothing once nobody subscribes', async () => {
    channel.unsubscribe(handlers);
    const batch = fieldDependency([null], { owner: 'tracing', name: uniqueField() })(async (ids: readonly string[]): Promise<(string | null)[]> => [...ids]);
    await batch(['a']);
    expect(published).toEqual([]);
    channel.subscribe(handlers);
  });
});
