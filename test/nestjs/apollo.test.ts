/** The NestJS example with `@nestjs/apollo` (Apollo Server 5) on `@nestjs/platform-express`. */
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldDependencyExpress } from 'field-dependency';
import { fieldDependencyApolloPlugin } from 'field-dependency/graphql';
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
// With the plugin too (an app that keeps the middleware for its REST controllers), the operation's scope wins.
for (const withPlugin of [false, true]) {
  describe(`the Express middleware in a Nest Apollo app, ${withPlugin ? 'with' : 'without'} fieldDependencyApolloPlugin`, () => {
    let upstreams: UserUpstreams;
    let app: NestExpressApplication;
    let url: string;

    beforeAll(async () => {
      upstreams = await startUserUpstreams();
      class ExpressStepModule {}
      const module: DynamicModule = {
        module: ExpressStepModule,
        imports: [
          UpstreamModule.forRoot(upstreams.base),
          GraphQLModule.forRootAsync<ApolloDriverConfig>({
            driver: ApolloDriver,
            inject: [UpstreamClient],
            useFactory: (upstream: UpstreamClient): ApolloDriverConfig => {
              const createLoaders = contextLoaderFactory(upstream);
              return {
                autoSchemaFile: true,
                plugins: withPlugin ? [fieldDependencyApolloPlugin()] : [],
                context: ({ req }: { req: unknown }) => ({ req, loaders: createLoaders() }),
              };
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

    const title = withPlugin
      ? 'labels the operation by name and masks the critical failure'
      : 'labels every operation /graphql and sends the upstream URL and text of a critical failure to the client';
    it(title, async () => {
      const avatarCalls = async (): Promise<Record<string, number>> =>
        Object.fromEntries(
          parsePrometheusText(await (await fetch(`${url}/metrics`)).text())
            .filter((sample) => sample.name === 'field_dependency_endpoint_calls_total' && sample.labels.field === 'avatar')
            .map((sample) => [sample.labels.endpoint, sample.value]),
        );
      const before = await avatarCalls();

      const response = await query(`${url}/graphql`, 'query UserPage($id: ID!) { user(id: $id) { id avatarUrl } }', { id: 'u1-noavatar' });

      const text = JSON.stringify(response.body);
      const after = await avatarCalls();
      if (withPlugin) {
        expect(response.body.errors?.map((error) => error.extensions)).toEqual([{ code: 'FIELD_DEPENDENCY_FAILED', field: 'avatar' }]);
        expect(text).not.toContain(UPSTREAM_SECRET);
        expect(response.header).toBe('avatar');
        expect(after.UserPage).toBe((before.UserPage ?? 0) + 1);
        expect(after['/graphql']).toBe(before['/graphql']);
      } else {
        expect(text).toContain(UPSTREAM_SECRET);
        expect(text).toContain(`${upstreams.base}/avatars`);
        expect(response.body.errors?.[0]?.extensions?.code).not.toBe('FIELD_DEPENDENCY_FAILED');
        expect(after['/graphql']).toBe((before['/graphql'] ?? 0) + 1);
        expect(after.UserPage).toBe(before.UserPage);
      }
    });
  });
}
