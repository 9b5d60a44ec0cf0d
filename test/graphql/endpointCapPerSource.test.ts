/**
 * The endpoint cap is kept per source: without an allowlist, 300 operation names a client made up use the
 * GraphQL operations' share of `endpoint` labels, and the server's own routes, seen later, keep theirs.
 * One process, real servers on 127.0.0.1: an Express app with a route and Yoga mounted beside it, and a
 * Fastify app with a route and Mercurius.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { createSchema, createYoga } from 'graphql-yoga';
import mercurius from 'mercurius';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fieldDependency, fieldDependencyExpress, fieldDependencyFastify, OTHER_ENDPOINT } from 'field-dependency';
import { resetFieldDependencies, useFreshMetricsRegistry } from 'field-dependency/testing';
import { fieldDependencyMercurius, useFieldDependency } from 'field-dependency/graphql';

const loadBoard = fieldDependency(Map, { owner: 'boards', name: 'capBoard', breaker: false })(
  async (ids: readonly string[]): Promise<Map<string, string>> => new Map(ids.map((id) => [id, `board ${id}`])),
);
const typeDefs = 'type Query { board(id: ID!): String }';
const resolvers = { Query: { board: async (_: unknown, { id }: { id: string }) => (await loadBoard([id])).get(id) ?? null } };

/** 300 operation names a client chose, as a scraper or a fuzzer sends them. */
const OPERATIONS = Array.from({ length: 300 }, (_, index) => `Scraped${index}`);

let registry: Registry;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  registry = useFreshMetricsRegistry();
  resetFieldDependencies(); // forgets the endpoints seen by earlier tests: each test starts with empty caps
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** `field_dependency_endpoint_calls_total` of the board loader, as `{ endpoint: calls }`. */
async function endpointCalls(): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric('field_dependency_endpoint_calls_total')!.get();
  return Object.fromEntries(values.filter((sample) => sample.labels.field === 'capBoard').map((sample) => [sample.labels.endpoint, sample.value]));
}

/** Sends the 300 operations one after the other, then GETs the route twice. */
async function scrapeThenVisit(base: string, graphqlPath: string, route: string): Promise<void> {
  for (const [index, name] of OPERATIONS.entries()) {
    const response = await fetch(`${base}${graphqlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query ${name} { board(id: "b${index}") }` }),
    });
    expect(response.status).toBe(200);
    await response.text();
  }
  for (let visit = 0; visit < 2; visit++) {
    const response = await fetch(`${base}${route}`);
    expect(await response.json()).toEqual({ board: 'board r1' });
  }
}

function expectRouteKeepsItsLabel(calls: Record<string, number>, template: string): void {
  expect(calls[template]).toBe(2);
  // The operations: the first 200 (the default cap) have a label each, the other 100 share __other__.
  expect(calls.Scraped0).toBe(1);
  expect(calls.Scraped199).toBe(1);
  expect(calls.Scraped200).toBeUndefined();
  expect(calls[OTHER_ENDPOINT]).toBe(100);
  expect(Object.keys(calls)).toHaveLength(202);
}

describe('the endpoint cap is per source: client-chosen operation names cannot starve the routes', () => {
  it('Express route + Yoga in one app', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    app.get('/boards/:id', async (_req, res) => void res.json({ board: (await loadBoard(['r1'])).get('r1') }));
    const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: false, plugins: [useFieldDependency()] });
    app.use(yoga.graphqlEndpoint, yoga);
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });

    await scrapeThenVisit(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, yoga.graphqlEndpoint, '/boards/r1');

    expectRouteKeepsItsLabel(await endpointCalls(), '/boards/:id');
  });

  it('Fastify route + Mercurius in one app', async () => {
    const app = Fastify();
    closers.push(() => app.close());
    await app.register(fieldDependencyFastify);
    await app.register(mercurius, { schema: typeDefs, resolvers });
    await app.register(fieldDependencyMercurius());
    app.get('/boards/:id', async () => ({ board: (await loadBoard(['r1'])).get('r1') }));
    await app.listen({ host: '127.0.0.1', port: 0 });

    await scrapeThenVisit(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, '/graphql', '/boards/r1');

    expectRouteKeepsItsLabel(await endpointCalls(), '/boards/:id');
  });
});
