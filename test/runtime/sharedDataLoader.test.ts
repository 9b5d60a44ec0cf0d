/**
 * One DataLoader shared by requests (a module-level loader, a singleton NestJS-style service) runs each
 * batch in the scope of the request that started it. Once the library has seen the loader (from its
 * second batch on), it follows which request loaded each key, so a degradation is recorded in every
 * request whose keys were in the batch, and the first batch that mixes requests raises one warning.
 * The same holds for loaders behind `evictDegradedKeys` and `batchFromMap`. A long-lived operation (a
 * subscription, whose events get a record each, one after the other) mixes nothing and is not warned about.
 */
import DataLoader from 'dataloader';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { batchFromMap, currentDegradations, degradationScope, evictDegradedKeys, fieldDependency, type Degradation } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { scopedPayloads } from '../../src/graphql/scopedPayloads.js';
import { RequestRecord } from '../../src/scope/RequestRecord.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry: Registry;
let warn: { readonly mock: { readonly calls: unknown[][] }; mockRestore(): void };
let sequence = 0;

beforeEach(() => {
  registry = useFreshMetricsRegistry();
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});

afterEach(() => {
  warn.mockRestore();
});

const sharedWarnings = (): string[] =>
  warn.mock.calls.filter((call) => (call[1] as { code?: string } | undefined)?.code === 'FIELD_DEPENDENCY_SHARED_DATALOADER').map((call) => String(call[0]));

/** `field_dependency_endpoint_calls_total` of `field`, as `{ endpoint: calls }`. */
async function endpointCalls(field: string): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric('field_dependency_endpoint_calls_total')!.get();
  return Object.fromEntries(values.filter((sample) => sample.labels.field === field).map((sample) => [sample.labels.endpoint, sample.value]));
}

/** Runs one request that loads `keys` through `load`, and answers what it got and what degraded in it. */
function request<T>(endpoint: string, keys: readonly string[], load: (key: string) => Promise<T>): Promise<{ values: T[]; degraded: readonly Degradation[] }> {
  return degradationScope(async () => ({ values: await Promise.all(keys.map(load)), degraded: currentDegradations() }), { endpoint });
}

/** An upstream that is up until `down()`. */
function upstream(): { down(): void; comments(ids: readonly string[]): Promise<(string | null)[]> } {
  let up = true;
  return {
    down: () => (up = false),
    comments: async (ids) => {
      if (!up) throw new Error('comments upstream down');
      return ids.map((id) => `comment ${id}`);
    },
  };
}

describe('a DataLoader shared by requests', () => {
  test('one batch holding keys of three requests: the degradation is recorded in all three, endpoints counted, one warning', async () => {
    const field = `shared-batch-${++sequence}`;
    const comments = upstream();
    const batch = fieldDependency([null], { owner: 'comments', name: field, breaker: false })(comments.comments);
    const shared = new DataLoader<string, string | null>(batch);
    // The loader's first batch: where the library first sees it.
    await request('/warm', ['w'], (key) => shared.load(key));
    expect(sharedWarnings()).toEqual([]);

    comments.down();
    const [first, second, third] = await Promise.all([
      request('/pins/:id', ['a'], (key) => shared.load(key)),
      request('/boards/:id', ['b', 'c'], (key) => shared.load(key)),
      request('/users/:id', ['d'], (key) => shared.load(key)),
    ]);

    const degraded = [{ field, owner: 'comments', reason: 'error' }];
    expect(first).toEqual({ values: [null], degraded });
    expect(second).toEqual({ values: [null, null], degraded });
    expect(third).toEqual({ values: [null], degraded });
    expect(await endpointCalls(field)).toEqual({ '/warm': 1, '/pins/:id': 1, '/boards/:id': 1, '/users/:id': 1 });
    expect(sharedWarnings()).toHaveLength(1);
    expect(sharedWarnings()[0]).toContain(`field '${field}' (owner 'comments')`);
    expect(sharedWarnings()[0]).toContain('one DataLoader per request');
  });

  test('a request that only hit the cache for keys of an earlier batch is not told the field degraded', async () => {
    const field = `shared-cache-${++sequence}`;
    const comments = upstream();
    const batch = fieldDependency([null], { owner: 'comments', name: field, breaker: false })(comments.comments);
    const shared = new DataLoader<string, string | null>(batch);
    await request('/warm', ['cached'], (key) => shared.load(key));

    comments.down();
    const [fresh, cachedOnly] = await Promise.all([
      request('/pins/:id', ['a'], (key) => shared.load(key)),
      request('/boards/:id', ['cached'], (key) => shared.load(key)),
    ]);

    expect(fresh.degraded).toEqual([{ field, owner: 'comments', reason: 'error' }]);
    expect(cachedOnly).toEqual({ values: ['comment cached'], degraded: [] });
  });

  test('requests one after the other (a subscription\'s events, each with its own record) mix nothing: no warning, each event records its own', async () => {
    const field = `shared-events-${++sequence}`;
    const comments = upstream();
    const batch = fieldDependency([null], { owner: 'comments', name: field, breaker: false })(comments.comments);
    const loader = new DataLoader<string, string | null>(batch, { cache: false });
    async function* events(): AsyncGenerator<{ comment: string | null; degraded: readonly Degradation[] }> {
      for (let event = 0; event < 4; event++) {
        if (event === 2) comments.down();
        const comment = await loader.load(`event ${event}`);
        yield { comment, degraded: currentDegradations() };
      }
    }

    const seen: { comment: string | null; degraded: readonly Degradation[] }[] = [];
    for await (const event of scopedPayloads(events(), () => new RequestRecord('onComment'), (payload) => payload)) seen.push(event);

    expect(seen.map((event) => event.degraded.length)).toEqual([0, 0, 1, 1]);
    expect(sharedWarnings()).toEqual([]);
  });
});

describe('a DataLoader whose load cannot be replaced', () => {
  test('is not followed, and its batches still answer', async () => {
    const field = `shared-sealed-${++sequence}`;
    const batch = fieldDependency([null], { owner: 'comments', name: field, breaker: false })(upstream().comments);
    const shared = new DataLoader<string, string | null>(batch);
    // A getter without a setter: assigning `load` throws in strict code.
    Object.defineProperty(shared, 'load', { get: () => DataLoader.prototype.load });
    expect(await request('/a', ['a'], (key) => shared.load(key))).toEqual({ values: ['comment a'], degraded: [] });
    expect(await request('/b', ['b'], (key) => shared.load(key))).toEqual({ values: ['comment b'], degraded: [] });
  });
});

describe('loaders behind evictDegradedKeys and batchFromMap (a singleton service)', () => {
  class CommentFields {
    constructor(private readonly comments: (ids: readonly string[]) => Promise<(string | null)[]>) {}
    readonly field = `service-${++sequence}`;
    readonly counts = fieldDependency([null], { owner: 'comments', name: this.field, breaker: false })((ids: readonly string[]) => this.comments(ids));
    readonly byId = fieldDependency(Map, { owner: 'comments', name: `${this.field}-map`, breaker: false })(async (ids: readonly string[]) =>
      new Map((await this.comments(ids)).map((comment, index) => [ids[index]!, comment])),
    );
  }

  test.each([
    ['evictDegradedKeys', (fields: CommentFields) => new DataLoader(evictDegradedKeys((ids: readonly string[]) => fields.counts(ids))), (fields: CommentFields) => fields.field],
    ['batchFromMap', (fields: CommentFields) => new DataLoader(batchFromMap((ids: readonly string[]) => fields.byId(ids))), (fields: CommentFields) => `${fields.field}-map`],
  ] as const)('%s: every request whose keys were in a degraded batch says so, and the shared loader is warned about', async (_helper, makeLoader, fieldOf) => {
    const comments = upstream();
    const fields = new CommentFields(comments.comments);
    const service = { comments: makeLoader(fields) };
    const field = fieldOf(fields);
    await request('/warm', ['w'], (key) => service.comments.load(key));

    comments.down();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => request(`/pins/:id`, [`pin ${index}`], (key) => service.comments.load(key))));

    for (const answer of answers) {
      expect(answer.values).toEqual([null]);
      expect(answer.degraded).toEqual([{ field, owner: 'comments', reason: 'error' }]);
    }
    expect(sharedWarnings()).toHaveLength(1);
    expect(sharedWarnings()[0]).toContain(`field '${field}' (owner 'comments')`);
  });
});
