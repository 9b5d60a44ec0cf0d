import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { fieldDependencyApolloPlugin, fieldDependencyMercurius } from 'field-dependency/graphql';
import { contextLoaderFactory, type UserContext } from './contextLoaders.js';
import { MetricsController } from './MetricsController.js';
import { UpstreamClient } from './UpstreamClient.js';
import { UpstreamModule } from './UpstreamModule.js';
import { UsersModule } from './UsersModule.js';

/** The GraphQL drivers the example runs under: Apollo Server on Express, Mercurius on Fastify. */
export type GraphQLDriverName = 'apollo' | 'mercurius';

/**
 * The root module: the users feature behind `@nestjs/graphql` (code first, schema in memory) with the
 * given driver, the field-dependency integration of that driver, and `GET /metrics`.
 */
@Module({})
export class AppModule {
  static forRoot(driver: GraphQLDriverName, upstreamUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [UpstreamModule.forRoot(upstreamUrl), driver === 'apollo' ? apolloGraphQL() : mercuriusGraphQL(), UsersModule],
      controllers: [MetricsController],
    };
  }
}

/** Apollo Server on Express: the plugin goes in `plugins`; it names the operation and masks critical failures. */
function apolloGraphQL(): DynamicModule {
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    inject: [UpstreamClient],
    useFactory: (upstream: UpstreamClient): ApolloDriverConfig => {
      const createLoaders = contextLoaderFactory(upstream);
      return {
        autoSchemaFile: true,
        plugins: [fieldDependencyApolloPlugin()],
        context: ({ req }: { req: unknown }): UserContext => ({ req, loaders: createLoaders() }),
      };
    },
  });
}

/** Mercurius on Fastify: the integration is a Fastify plugin, which the driver registers after mercurius. */
function mercuriusGraphQL(): DynamicModule {
  return GraphQLModule.forRootAsync<MercuriusDriverConfig>({
    driver: MercuriusDriver,
    inject: [UpstreamClient],
    useFactory: (upstream: UpstreamClient): MercuriusDriverConfig => {
      const createLoaders = contextLoaderFactory(upstream);
      return {
        autoSchemaFile: true,
        plugins: [{ plugin: fieldDependencyMercurius() }],
        context: (request: unknown): UserContext => ({ req: request, loaders: createLoaders() }),
      };
    },
  });
}
