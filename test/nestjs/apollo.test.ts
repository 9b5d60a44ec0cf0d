/** The NestJS example with `@nestjs/apollo` (Apollo Server 5) on `@nestjs/platform-express`. */
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldDependencyExpress } from 'field-dependency';
import { parsePrometheusText } from '../../examples/load/prometheusText.js';
import { contextLoaderFactory } from '../../examples/nestjs/contextLoaders.js';
import { MetricsController } from '../../examples/nestjs/MetricsController.js';
import { UpstreamClient } from '../../examples/nestjs/UpstreamClient.js';
import { UpstreamModule } from '../../examples/nestjs/UpstreamModule.js';
import { UsersModule } from '../../examples/nestjs/UsersModule.js';
import { query } from '../graphql/support/graphqlClient.js';
import { describeNestApp } from './support/describeNestApp.js';
import { startUserUpstreams, UPSTREAM_SECRET, type UserUpstreams } from './support/userUpstreams.js';

describeNestApp('apollo');

// What the user did: the README's Express step (`app.use(fieldDependencyExpress())`) and no Apollo
// plugin. It scopes the HTTP request, not the GraphQL operation: docs/nestjs.md says why the plugin is needed.
describe('the Express middleware alone in a Nest Apollo app (no fieldDependencyApolloPlugin)', () => {
  let upstreams: UserUpstreams;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    upstreams = await startUserUpstreams();
    class ExpressStepOnlyModule {}
    const module: DynamicModule = {
      module: ExpressStepOnlyModule,
      imports: [
        UpstreamModule.forRoot(upstreams.base),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [UpstreamClient],
          useFactory: (upstream: UpstreamClient): ApolloDriverConfig => {
            const createLoaders = contextLoaderFactory(upstream);
            return { autoSchemaFile: true, context: ({ req }: { req: unknown }) => ({ req, loaders: createLoaders() }) };
          },
        }),
        UsersModule,
      ],
      controllers: [MetricsController],
    };
    app = await NestFactory.create<NestExpressApplication>(module, { logger: false });
    app.use(fieldDependencyExpress());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    await upstreams?.close();
  });

  it('labels every operation /graphql and sends the upstream URL and text of a critical failure to the client', async () => {
    const avatarCalls = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        parsePrometheusText(await (await fetch(`${url}/metrics`)).text())
          .filter((sample) => sample.name === 'field_dependency_endpoint_calls_total' && sample.labels.field === 'avatar')
          .map((sample) => [sample.labels.endpoint, sample.value]),
      );
    const before = await avatarCalls();

    const response = await query(`${url}/graphql`, 'query UserPage($id: ID!) { user(id: $id) { id avatarUrl } }', { id: 'u1-noavatar' });

    const text = JSON.stringify(response.body);
    expect(text).toContain(UPSTREAM_SECRET);
    expect(text).toContain(`${upstreams.base}/avatars`);
    expect(response.body.errors?.[0]?.extensions?.code).not.toBe('FIELD_DEPENDENCY_FAILED');
    const after = await avatarCalls();
    expect(after['/graphql']).toBe((before['/graphql'] ?? 0) + 1);
    expect(after.UserPage).toBe(before.UserPage);
  });
});
