/**
 * What the NestJS example must do under either GraphQL driver, tested on the real app listening on
 * 127.0.0.1, over real HTTP, with real upstreams and prom-client's default registry read through the
 * app's own `GET /metrics`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, type PrometheusSample } from '../../../examples/load/prometheusText.js';
import { startNestApp, type GraphQLDriverName, type NestApp } from '../../../examples/nestjs/index.js';
import { postGraphQL, query } from '../../graphql/support/graphqlClient.js';
import { noUnhandledRejections } from '../../support/noUnhandledRejections.js';
import { startUserUpstreams, UPSTREAM_SECRET, type UserUpstreams } from './userUpstreams.js';

const USER_PAGE = /* GraphQL */ `
  query UserPage($id: ID!) {
    user(id: $id) { id likes followers badges avatarUrl }
  }
`;

export function describeNestApp(driver: GraphQLDriverName): void {
  describe(`the NestJS example under the ${driver} driver`, () => {
    noUnhandledRejections();
    let upstreams: UserUpstreams;
    let app: NestApp;

    beforeAll(async () => {
      upstreams = await startUserUpstreams();
      app = await startNestApp({ driver, upstreamUrl: upstreams.base });
    });
    afterAll(async () => {
      await app?.close();
      await upstreams?.close();
    });

    async function metrics(): Promise<PrometheusSample[]> {
      const response = await fetch(app.metricsUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return parsePrometheusText(await response.text());
    }
    function sample(samples: readonly PrometheusSample[], name: string, labels: Record<string, string>): number | undefined {
      return samples.find((entry) => entry.name === name && Object.entries(labels).every(([label, value]) => entry.labels[label] === value))?.value;
    }

    it('serves every field when the upstreams are healthy: no degradedFields, no header', async () => {
      const response = await query(app.url, USER_PAGE, { id: 'u1' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { user: { id: 'u1', likes: 3, followers: 40, badges: ['early-adopter'], avatarUrl: 'https://img.example/u1.png' } } });
      expect(response.header).toBeNull();
    });

    it('keeps the user when optional upstreams fail or hang: those fields are null and named in extensions.degradedFields and the header', async () => {
      const id = 'u2-slowlikes-nofollowers-nobadges';
      const response = await query(app.url, USER_PAGE, { id });

      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({ user: { id, likes: null, followers: null, badges: null, avatarUrl: `https://img.example/${id}.png` } });
      const degraded = response.body.extensions?.degradedFields as string[];
      // followers and badges failed at once (in either order), likes when its 500 ms timeout fired.
      expect([...degraded.slice(0, 2)].sort()).toEqual(['badges', 'followers']);
      expect(degraded[2]).toBe('likes');
      expect(response.header?.split(', ')).toEqual(degraded);
      const samples = await metrics();
      expect(sample(samples, 'field_dependency_degradations_total', { field: 'likes', owner: 'engagement', reason: 'timeout' })).toBe(1);
      expect(sample(samples, 'field_dependency_degradations_total', { field: 'badges', owner: 'badges', reason: 'error' })).toBe(1);
      expect(sample(samples, 'field_dependency_degradations_total', { field: 'followers', owner: 'social', reason: 'error' })).toBe(1);
    });

    it('labels each call with the GraphQL operation name as endpoint, never /graphql', async () => {
      const before = await metrics();
      const likesIn = (samples: readonly PrometheusSample[], endpoint: string): number =>
        sample(samples, 'field_dependency_endpoint_calls_total', { field: 'likes', owner: 'engagement', endpoint }) ?? 0;

      await query(app.url, 'query ProfileCard($id: ID!) { user(id: $id) { likes } }', { id: 'u3' });
      await query(app.url, 'query ProfileCard($id: ID!) { user(id: $id) { likes } }', { id: 'u4' });
      await query(app.url, '{ user(id: "u3") { likes } }');

      const after = await metrics();
      expect(likesIn(after, 'ProfileCard') - likesIn(before, 'ProfileCard')).toBe(2);
      expect(likesIn(after, 'anonymous') - likesIn(before, 'anonymous')).toBe(1);
      const endpoints = new Set(after.filter((entry) => entry.name === 'field_dependency_endpoint_calls_total').map((entry) => entry.labels.endpoint));
      expect([...endpoints].sort()).toEqual(['ProfileCard', 'UserPage', 'anonymous']);
    });

    it('answers a critical failure with FIELD_DEPENDENCY_FAILED and the field only: no upstream URL, text or stack', async () => {
      const response = await postGraphQL(app.url, { query: USER_PAGE, variables: { id: 'u5-noavatar' }, operationName: 'UserPage' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        data: { user: null },
        errors: [{ message: "Critical field dependency 'avatar' failed", path: ['user', 'avatarUrl'], extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'avatar' } }],
        extensions: { degradedFields: ['avatar'] },
      });
      const [error] = (response.body as { errors: { extensions: Record<string, unknown> }[] }).errors;
      expect(error?.extensions).toEqual({ code: 'FIELD_DEPENDENCY_FAILED', field: 'avatar' });
      const text = JSON.stringify(response.body);
      for (const leak of [UPSTREAM_SECRET, upstreams.base, '/avatars', '503', 'media', 'stack', 'FieldDependencyError']) expect(text).not.toContain(leak);
      const samples = await metrics();
      expect(sample(samples, 'field_dependency_calls_total', { field: 'avatar', owner: 'media', critical: 'true', outcome: 'failed' })).toBe(1);
    });

    it('gives every request fresh DataLoaders (request-scoped service and context factory): batched within a request, never cached across', async () => {
      const page = '{ a: user(id: "u6") { likes followers } b: user(id: "u7") { likes followers } c: user(id: "u6") { likes followers } }';
      const hits = (): [number, number] => [upstreams.hits.likes ?? 0, upstreams.hits.followers ?? 0];

      const [likesBefore, followersBefore] = hits();
      const first = await query(app.url, page);
      expect(first.body.data).toEqual({ a: { likes: 3, followers: 40 }, b: { likes: 3, followers: 40 }, c: { likes: 3, followers: 40 } });
      expect(hits()).toEqual([likesBefore + 1, followersBefore + 1]); // one batch per request and loader

      upstreams.setLikes(9);
      try {
        const second = await query(app.url, page);
        // A DataLoader kept across requests would still answer 3 from its cache, without calling the upstream.
        expect(second.body.data).toEqual({ a: { likes: 9, followers: 40 }, b: { likes: 9, followers: 40 }, c: { likes: 9, followers: 40 } });
        expect(hits()).toEqual([likesBefore + 2, followersBefore + 2]);
      } finally {
        upstreams.setLikes(3);
      }
    });

    it('counts the loader wrapped in the request-scoped constructor as one dependency across requests', async () => {
      const samples = await metrics();
      const likesInfo = samples.filter((entry) => entry.name === 'field_dependency_info' && entry.labels.field === 'likes');
      expect(likesInfo.map((entry) => entry.labels)).toEqual([{ field: 'likes', owner: 'engagement', critical: 'false', type: '[null]' }]);
      expect(samples.filter((entry) => entry.name === 'field_dependency_breaker_state' && entry.labels.field === 'likes')).toHaveLength(1);
    });
  });
}
