/**
 * `fieldDependencyApolloPlugin` on a real Apollo Server 5 standalone server on 127.0.0.1, over real HTTP:
 * the shared integration behaviour (Apollo Server 4: apollo4.test.ts).
 */
import { ApolloServer as ApolloServer5 } from '@apollo/server';
import { startStandaloneServer as startStandalone5 } from '@apollo/server/standalone';
import { fieldDependencyApolloPlugin, type GraphQLIntegrationOptions } from 'field-dependency/graphql';
import { createLoaders, resolvers, typeDefs, type PinContext } from './support/pinSchema.js';
import { describeGraphQLIntegration, type RunningServer } from './support/integrationSuite.js';

async function startApollo5(options: GraphQLIntegrationOptions | undefined): Promise<RunningServer> {
  const server = new ApolloServer5<PinContext>({ typeDefs, resolvers, allowBatchedHttpRequests: true, plugins: [fieldDependencyApolloPlugin(options)] });
  const { url } = await startStandalone5(server, { listen: { host: '127.0.0.1', port: 0 }, context: async ({ req }) => ({ loaders: createLoaders(), session: req.headers['x-session']?.toString() }) });
  return { url, close: () => server.stop() };
}

describeGraphQLIntegration('fieldDependencyApolloPlugin on Apollo Server 5', startApollo5, { header: true });
