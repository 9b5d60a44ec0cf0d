// Compiled with `experimentalDecorators` and `emitDecoratorMetadata` (see vitest.config.ts), as Nest's template.
/**
 * Code first, `@ResolveField(() => Int)` is `Int!`: a degraded field's null there nulls its parent (the
 * user of the issue lost the whole `user` to one hanging optional upstream). With `nullable: true` only the
 * field is null. The app is a real Nest app on 127.0.0.1 under each driver (Apollo on Express, Mercurius on
 * Fastify), with its `/metrics` served by `@willsoto/nestjs-prometheus` over prom-client's default registry.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable, Module, Scope, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Args, Field, GraphQLModule, GraphQLSchemaHost, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import DataLoader from 'dataloader';
import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldDependency } from 'field-dependency';
import { fieldDependencyApolloPlugin, fieldDependencyMercurius, NULL_PROPAGATION_CHANNEL, type NullPropagationEvent } from 'field-dependency/graphql';
import { parsePrometheusText, sumSamples, type PrometheusSample } from '../../examples/load/prometheusText.js';
import { query } from '../graphql/support/graphqlClient.js';

@ObjectType()
class Profile {
  @Field(() => ID)
  id!: string;
}

const batchLikes = fieldDependency([null], { owner: 'profiles', name: 'likes', breaker: false })(
  async (ids: readonly string[]): Promise<(number | null)[]> => {
    if (ids.some((id) => id.includes('down'))) throw new Error('likes upstream down');
    return ids.map(() => 5);
  },
);

@Injectable({ scope: Scope.REQUEST })
class ProfileLoaders {
  readonly likes = new DataLoader(batchLikes);
}

@Resolver(() => Profile)
class ProfileResolver {
  constructor(private readonly loaders: ProfileLoaders) {}

  @Query(() => Profile, { nullable: true })
  profile(@Args('id', { type: () => ID }) id: string): Profile {
    return { id };
  }

  /** Code first's default: `likes: Int!`. */
  @ResolveField(() => Int)
  likes(@Parent() profile: Profile): Promise<number | null> {
    return this.loaders.likes.load(profile.id);
  }

  /** The fix: `likesOrNull: Int`. */
  @ResolveField(() => Int, { nullable: true })
  likesOrNull(@Parent() profile: Profile): Promise<number | null> {
    return this.loaders.likes.load(profile.id);
  }
}

@Module({})
class ProfilesModule {
  static forDriver(driver: 'apollo' | 'mercurius'): DynamicModule {
    const graphql =
      driver === 'apollo'
        ? GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, plugins: [fieldDependencyApolloPlugin()] })
        : GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, autoSchemaFile: true, plugins: [{ plugin: fieldDependencyMercurius() }] });
    return {
      module: ProfilesModule,
      imports: [graphql, PrometheusModule.register({ defaultMetrics: { enabled: false } })],
      providers: [ProfileLoaders, ProfileResolver],
    };
  }
}

const events: NullPropagationEvent[] = [];
const warnings: Error[] = [];
const onEvent = (message: unknown): void => void events.push(message as NullPropagationEvent);
const onWarning = (warning: Error): void => void warnings.push(warning);

beforeAll(() => {
  diagnosticsChannel.subscribe(NULL_PROPAGATION_CHANNEL, onEvent);
  process.on('warning', onWarning);
});
afterAll(() => {
  diagnosticsChannel.unsubscribe(NULL_PROPAGATION_CHANNEL, onEvent);
  process.off('warning', onWarning);
});

for (const driver of ['apollo', 'mercurius'] as const) {
  describe(`nullability of degradable fields in a code-first Nest schema, ${driver} driver`, () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => {
      events.length = 0;
      const module = ProfilesModule.forDriver(driver);
      app = driver === 'apollo' ? await NestFactory.create(module, { logger: false }) : await NestFactory.create(module, new FastifyAdapter(), { logger: false });
      await app.listen(0, '127.0.0.1');
      url = await app.getUrl();
    });
    afterAll(async () => {
      await app?.close();
    });

    async function metrics(): Promise<PrometheusSample[]> {
      return parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    }

    it('makes @ResolveField(() => Int) non-null, and nullable: true nullable', () => {
      const profile = app.get(GraphQLSchemaHost).schema.getType('Profile') as GraphQLObjectType;
      const fields = Object.values(profile.getFields()).map((field) => `${field.name}: ${String(field.type)}`);
      expect(fields).toEqual(['id: ID!', 'likes: Int!', 'likesOrNull: Int']);
    });

    it('without nullable: a degraded field nulls its parent, and the integration reports it', async () => {
      const response = await query(`${url}/graphql`, 'query ProfilePage { profile(id: "p1-down") { id likes } }');

      expect(response.body.data).toEqual({ profile: null });
      expect(response.body.errors?.map((error) => error.message)).toEqual(['Cannot return null for non-nullable field Profile.likes.']);
      expect(response.body.extensions).toEqual({ degradedFields: ['likes'] });
      expect(events).toEqual([{ schemaField: 'Profile.likes', path: ['profile', 'likes'], endpoint: 'ProfilePage', degradedFields: ['likes'] }]);
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on the next tick
      // Once per schema field and process: the first driver's app warned, the second's does not again.
      expect(warnings.filter((warning) => warning.name === 'FieldDependencyNullPropagation').map((warning) => warning.message)).toEqual([
        expect.stringContaining('the non-null field Profile.likes got null'),
      ]);
    });

    it('with nullable: true: only the field is null, the parent stays', async () => {
      const response = await query(`${url}/graphql`, 'query ProfilePage { profile(id: "p2-down") { id likesOrNull } }');

      expect(response.body).toEqual({ data: { profile: { id: 'p2-down', likesOrNull: null } }, extensions: { degradedFields: ['likes'] } });
      expect(events).toHaveLength(1);
    });

    it('@willsoto/nestjs-prometheus serves the field-dependency metrics of the default registry at /metrics', async () => {
      const before = await metrics();
      await query(`${url}/graphql`, 'query ProfileCard { profile(id: "p3-down") { likesOrNull } }');
      const after = await metrics();

      const added = (name: string, labels: Record<string, string>): number => sumSamples(after, name, labels) - sumSamples(before, name, labels);
      expect(added('field_dependency_degradations_total', { field: 'likes', owner: 'profiles', reason: 'error' })).toBe(1);
      expect(added('field_dependency_endpoint_calls_total', { field: 'likes', owner: 'profiles', endpoint: 'ProfileCard' })).toBe(1);
    });
  });
}
