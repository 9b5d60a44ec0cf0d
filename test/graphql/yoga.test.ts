/**
 * `useFieldDependency` on a real graphql-yoga 5 server (node:http on 127.0.0.1, real HTTP): the shared
 * integration behaviour, plus what is Yoga's own (error masking).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { useFieldDependency, type GraphQLIntegrationOptions } from 'field-dependency/graphql';
import { createPinContext, schema } from './support/pinSchema.js';
import { describeGraphQLIntegration, type RunningServer, type ServerMode } from './support/integrationSuite.js';

async function startYoga(options: GraphQLIntegrationOptions | undefined, mode: ServerMode = {}): Promise<RunningServer> {
  const yoga = createYoga({
    schema,
    batching: true,
    logging: false,
    // Yoga's default: unexpected errors become "Unexpected error.": the critical failure must survive it.
    // (`isDev: true`, Yoga's development mode, adds every unexpected error's message and stack on purpose.)
    maskedErrors: mode.production === true ? { isDev: false } : true,
    context: ({ request }) => createPinContext((name) => request.headers.get(name) ?? undefined),
    plugins: [useFieldDependency(options)],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describeGraphQLIntegration('useFieldDependency on graphql-yoga 5', startYoga, { header: true, contextFailure: 'masked' });
