/**
 * `fieldDependencyMercurius` on a real Mercurius 16 server (Fastify 5 on 127.0.0.1, real HTTP): the
 * shared integration behaviour.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
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
