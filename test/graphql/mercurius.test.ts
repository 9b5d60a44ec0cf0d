/**
 * `fieldDependencyMercurius` on a real Mercurius 16 server (Fastify 5 on 127.0.0.1, real HTTP): the
 * shared integration behaviour, its registration, and what it does to the rest of the Fastify app.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { fieldDependency } from 'field-dependency';
import mercurius, { type IResolvers } from 'mercurius';
import { fieldDependencyMercurius, type GraphQLIntegrationOptions } from 'field-dependency/graphql';
import { createPinContext, resolvers, typeDefs } from './support/pinSchema.js';
import { describeGraphQLIntegration, type RunningServer, type ServerMode } from './support/integrationSuite.js';

async function startMercurius(options: GraphQLIntegrationOptions | undefined, mode: ServerMode = {}): Promise<RunningServer> {
  const app = Fastify();
  try {
    await app.register(mercurius, {
      schema: typeDefs,
      resolvers: resolvers as unknown as IResolvers,
      allowBatchedQueries: true,
      // Mercurius's GraphiQL is its development mode; its error messages are the same in both.
      graphiql: mode.production !== true,
      context: (request) => createPinContext((name) => request.headers[name]?.toString()),
    });
    await app.register(fieldDependencyMercurius(options));
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${String(address)}`);
  return { url: `http://127.0.0.1:${address.port}/graphql`, close: () => app.close() };
}

describeGraphQLIntegration('fieldDependencyMercurius on Mercurius 16', startMercurius, { header: true, contextFailure: 'code' });

describe('fieldDependencyMercurius registration', () => {
  it('fails app.ready() with the fix when mercurius is not registered first', async () => {
    const app = Fastify();
    app.register(fieldDependencyMercurius());

    await expect(app.ready()).rejects.toThrow('fieldDependencyMercurius: register mercurius first');
    await app.close();
  });
});

describe('fieldDependencyMercurius and the rest of the Fastify app', () => {
  let attempt = 0;
  /** A critical dependency that fails with the upstream's text in its message, different on every attempt. */
  const loadViewer = fieldDependency(Object, { owner: 'accounts', name: 'viewer', critical: true })(async (): Promise<object> => {
    throw new Error(`accounts-db-3.internal refused the connection (attempt ${++attempt})`);
  });

  it('masks a failed context although Mercurius builds it again to format the error, failing otherwise', async () => {
    const app = Fastify();
    try {
      await app.register(mercurius, { schema: typeDefs, resolvers: resolvers as unknown as IResolvers, context: async () => ({ viewer: await loadViewer() }) });
      await app.register(fieldDependencyMercurius());
      await app.listen({ host: '127.0.0.1', port: 0 });
      const before = attempt;

      const response = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ pin(id: "x") { id } }' }),
      });

      expect(attempt - before).toBe(2);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        data: null,
        errors: [{ message: "Critical field dependency 'viewer' failed", extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'viewer' } }],
      });
    } finally {
      await app.close();
    }
  });

  it('replaces a leaking error body on the instance, and leaves one the app made safe as it is', async () => {
    const app = Fastify();
    try {
      await app.register(mercurius, { schema: typeDefs, resolvers: resolvers as unknown as IResolvers });
      await app.register(fieldDependencyMercurius());
      app.get('/viewer', async () => loadViewer());
      await app.register(async (scoped) => {
        scoped.setErrorHandler(async (_error, _request, reply) => reply.code(503).send({ error: 'viewer unavailable' }));
        scoped.get('/safe-viewer', async () => loadViewer());
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

      const leaking = await fetch(`${base}/viewer`);
      const safe = await fetch(`${base}/safe-viewer`);

      expect(leaking.status).toBe(500);
      expect(await leaking.json()).toEqual({
        data: null,
        errors: [{ message: "Critical field dependency 'viewer' failed", extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'viewer' } }],
      });
      expect(safe.status).toBe(503);
      expect(await safe.json()).toEqual({ error: 'viewer unavailable' });
    } finally {
      await app.close();
    }
  });
});
