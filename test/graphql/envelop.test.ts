/**
 * `useFieldDependency` on a plain envelop setup (graphql-js's own execute and subscribe, no HTTP server):
 * the scope per operation, `degradedFields`, the critical error shape, subscriptions, where every event
 * gets a scope and a record of its own, and @defer through graphql-tools' executor (Yoga's).
 */
import { createRequire } from 'node:module';
import { envelop, useEngine, useSchema } from '@envelop/core';
import { normalizedExecutor } from '@graphql-tools/executor';
import type { ExecutionResult } from 'graphql';
import { createSchema } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configure, currentDegradations } from 'field-dependency';
import { requestsInFlight, takeLatencyPercentile } from '../../src/brownout/requestLatencies.js';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { useFieldDependency } from 'field-dependency/graphql';
import { createLoaders, resolvers, typeDefs, useUpstreams, type PinContext } from './support/pinSchema.js';
import { startPinUpstreams, type PinUpstreams } from './support/pinUpstreams.js';

// graphql as Node loads it for the servers (CommonJS): the test runner would otherwise load its ESM build,
// a second copy whose schema objects graphql-yoga's copy refuses.
const { execute, parse, specifiedRules, subscribe, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const schema = createSchema<PinContext>({
  typeDefs: [typeDefs, 'type Subscription { pinUpdates(ids: [ID!]!): Pin! }'],
  resolvers: {
    ...resolvers,
    Subscription: {
      pinUpdates: {
        async *subscribe(_: unknown, { ids }: { ids: string[] }) {
          // The source stream runs outside any operation's scope: what it sees is asserted below.
          for (const id of ids) yield { pinUpdates: { id }, scopeWhileYielding: currentDegradations().length };
        },
      },
    },
  },
});

const getEnveloped = envelop({
  plugins: [useEngine({ parse, validate, execute, subscribe, specifiedRules }), useSchema(schema), useFieldDependency()],
});

function run(source: string, variables?: Record<string, unknown>) {
  const { parse: parseDocument, validate: validateDocument, contextFactory, execute: run, subscribe: listen, schema: enveloped } = getEnveloped({
    loaders: createLoaders(),
  });
  const document = parseDocument(source);
  expect(validateDocument(enveloped, document)).toEqual([]);
  const args = async () => ({ schema: enveloped, document, contextValue: await contextFactory(), variableValues: variables });
  return { execute: async () => (await run(await args())) as ExecutionResult, subscribe: async () => (await listen(await args())) as AsyncIterable<ExecutionResult> };
}

// graphql-tools' executor (Yoga's) delivers @defer incrementally when the schema declares the directive.
const deferSchema = createSchema<PinContext>({
  typeDefs: [typeDefs, 'directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT'],
  resolvers,
});
const getStreamingEnveloped = envelop({
  plugins: [useEngine({ parse, validate, execute: normalizedExecutor, subscribe: normalizedExecutor, specifiedRules }), useSchema(deferSchema), useFieldDependency()],
});

let upstreams: PinUpstreams;
beforeAll(async () => {
  upstreams = await startPinUpstreams();
  useUpstreams(upstreams.base);
});
afterAll(() => upstreams.close());
beforeEach(() => void useFreshMetricsRegistry());

describe('useFieldDependency on plain envelop', () => {
  it('adds degradedFields to the execution result and turns a critical failure into FIELD_DEPENDENCY_FAILED', async () => {
    const result = await run('query Page { pin(id: "e1-noshop-noimages") { board { title } shopping { price } images } }').execute();

    expect(JSON.parse(JSON.stringify(result))).toEqual({
      data: { pin: { board: { title: 'Board of e1-noshop-noimages' }, shopping: null, images: null } },
      errors: [
        {
          message: "Critical field dependency 'images' failed",
          locations: [{ line: 1, column: 81 }],
          path: ['pin', 'images'],
          extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
        },
      ],
      extensions: { degradedFields: ['shopping', 'images'] },
    });
  });

  it('gives every subscription event its own record: degradedFields name only what degraded for that event', async () => {
    const stream = await run('subscription Updates($ids: [ID!]!) { pinUpdates(ids: $ids) { id shopping { price } } }', {
      ids: ['u1', 'u2-noshop', 'u3'],
    }).subscribe();

    const events: unknown[] = [];
    for await (const event of stream) events.push(event);

    expect(events).toEqual([
      { data: { pinUpdates: { id: 'u1', shopping: { price: 12.5 } } } },
      { data: { pinUpdates: { id: 'u2-noshop', shopping: null } }, extensions: { degradedFields: ['shopping'] } },
      { data: { pinUpdates: { id: 'u3', shopping: { price: 12.5 } } } },
    ]);
  });

  it('under brownout, measures an operation until its result or its rejection, and no subscription event (its scope is mostly the wait for the event)', async () => {
    configure({ brownout: { targetLatencyMs: 1000, intervalMs: 60_000 } });
    try {
      takeLatencyPercentile(100);
      const stream = await run('subscription Updates($ids: [ID!]!) { pinUpdates(ids: $ids) { id } }', { ids: ['b1', 'b2'] }).subscribe();
      const iterator = stream[Symbol.asyncIterator]();
      expect(await iterator.next()).toEqual({ done: false, value: { data: { pinUpdates: { id: 'b1' } } } });
      const waiting = iterator.next();
      expect(requestsInFlight()).toBe(0);
      await waiting;
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
      expect(requestsInFlight()).toBe(0);
      expect(takeLatencyPercentile(100)).toBeUndefined();
      await run('query Pin { pin(id: "b3") { id } }').execute();
      expect(requestsInFlight()).toBe(0);
      expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(0);
      // An execution that rejects ends its record too.
      const failing = envelop({
        plugins: [useEngine({ parse, validate, execute: () => Promise.reject(new Error('engine down')), subscribe, specifiedRules }), useSchema(schema), useFieldDependency()],
      })({});
      await expect(Promise.resolve(failing.execute({ schema: failing.schema, document: parse('{ __typename }'), contextValue: {} }))).rejects.toThrow('engine down');
      expect(requestsInFlight()).toBe(0);
      expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(0);
    } finally {
      configure({ brownout: false });
    }
  });

  it('passes return() on to the source stream when the client unsubscribes', async () => {
    const stream = await run('subscription Updates($ids: [ID!]!) { pinUpdates(ids: $ids) { id } }', { ids: ['r1', 'r2', 'r3'] }).subscribe();
    const iterator = stream[Symbol.asyncIterator]();

    expect(await iterator.next()).toEqual({ done: false, value: { data: { pinUpdates: { id: 'r1' } } } });
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('@defer: the operation keeps one scope; each payload carries the fields degraded so far', async () => {
    const { parse: parseDocument, contextFactory, execute: run, schema: enveloped } = getStreamingEnveloped({ loaders: createLoaders() });
    const document = parseDocument('query Deferred { pin(id: "d1-noshop-nostock") { board { title } ... @defer { shopping { price } } } }');

    const result = (await run({ schema: enveloped, document, contextValue: await contextFactory() })) as AsyncIterable<ExecutionResult>;
    const payloads: unknown[] = [];
    for await (const payload of result) payloads.push(JSON.parse(JSON.stringify(payload)));

    expect(payloads[0]).toEqual({ data: { pin: { board: { title: 'Board of d1-noshop-nostock' } } }, hasNext: true });
    expect(payloads.at(-1)).toMatchObject({ hasNext: false, extensions: { degradedFields: ['shopping'] } });
    expect(JSON.stringify(payloads)).toContain('"shopping":null');
  });
});
