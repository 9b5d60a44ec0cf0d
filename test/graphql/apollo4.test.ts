/**
 * `fieldDependencyApolloPlugin` on a real Apollo Server 4 (`@apollo/server-4`, the npm alias of
 * `@apollo/server@4`) standalone server on 127.0.0.1, over real HTTP: the same behaviour as on Apollo Server 5.
 */
import { ApolloServer as ApolloServer4 } from '@apollo/server-4';
import { startStandaloneServer as startStandalone4 } from '@apollo/server-4/standalone';
import { fieldDependencyApolloPlugin, type GraphQLIntegrationOptions } from 'field-dependency/graphql';
import { createPinContext, resolvers, typeDefs, type PinContext } from './support/pinSchema.js';
import { describeGraphQLIntegration, type RunningServer, type ServerMode } from './support/integrationSuite.js';

async function startApollo4(options: GraphQLIntegrationOptions | undefined, mode: ServerMode = {}): Promise<RunningServer> {
  const server = new ApolloServer4<PinContext>({
    typeDefs,
    resolvers,
    allowBatchedHttpRequests: true,
    // Apollo's production mode leaves stack traces out; its default (NODE_ENV not 'production') puts them in.
    includeStacktraceInErrorResponses: mode.production !== true,
    plugins: [fieldDependencyApolloPlugin(options)],
  });
  const { url } = await startStandalone4(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: ({ req }) => createPinContext((name) => req.headers[name]?.toString()),
  });
  return { url, close: () => server.stop() };
}

describeGraphQLIntegration('fieldDependencyApolloPlugin on Apollo Server 4', startApollo4, { header: true, contextFailure: 'code' });
