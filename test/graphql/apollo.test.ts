/**
 * `fieldDependencyApolloPlugin` on a real Apollo Server 5 standalone server on 127.0.0.1, over real HTTP:
 * the shared integration behaviour (Apollo Server 4: apollo4.test.ts).
 */
import { ApolloServer as ApolloServer5 } from '@apollo/server';
import { startStandaloneServer as startStandalone5 } from '@apollo/server/standalone';
import { fieldDependencyApolloPlugin, type GraphQLIntegrationOptions } from 'field-dependency/graphql';
import { createPinContext, resolvers, typeDefs, type PinContext } from './support/pinSchema.js';
import { describeGraphQLIntegration, type RunningServer, type ServerMode } from './support/integrationSuite.js';

async function startApollo5(options: GraphQLIntegrationOptions | undefined, mode: ServerMode = {}): Promise<RunningServer> {
  const server = new ApolloServer5<PinContext>({
    typeDefs,
    resolvers,
    allowBatchedHttpRequests: true,
    // Apollo's production mode leaves stack traces out; its default (NODE_ENV not 'production') puts them in.
    includeStacktraceInErrorResponses: mode.production !== true,
    plugins: [fieldDependencyApolloPlugin(options)],
  });
  const { url } = await startStandalone5(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: ({ req }) => createPinContext((name) => req.headers[name]?.toString()),
  });
  return { url, close: () => server.stop() };
}

describeGraphQLIntegration('fieldDependencyApolloPlugin on Apollo Server 5', startApollo5, { header: true, contextFailure: 'code' });
