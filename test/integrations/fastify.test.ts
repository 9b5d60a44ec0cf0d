/**
 * `fieldDependencyFastify` end to end: a real Fastify 5 app on a real socket (127.0.0.1, port 0), real
 * HTTP requests, loaders wrapped with `fieldDependency`, and the metrics read from a fresh registry.
 */
import { AsyncResource } from 'node:async_hooks';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentDegradations,
  fieldDependency,
  fieldDependencyFastify,
  UNMATCHED_ENDPOINT,
  type Degradation,
  type FrameworkHelperOptions,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';

interface Shopping {
  readonly price: number;
}
interface Board {
  readonly id: string;
  readonly title: string;
}

/** The shopping service: fails for pin ids starting with `bad`; a test can make it wait first. */
let shoppingUpstream = async (id: string): Promise<Shopping> => {
  if (id.startsWith('bad')) throw new Error(`shopping is down for ${id}`);
  return { price: id.length };
};
const defaultShoppingUpstream = shoppingUpstream;

// Breakers off: these tests are about request scopes, and a breaker opening mid-test would change outcomes.
const loadShopping = fieldDependency(Map, { owner: 'shopping', name: 'shopping', breaker: false })(
  async (pinIds: readonly string[]): Promise<Map<string, Shopping>> =>
    new Map(await Promise.all(pinIds.map(async (id) => [id, await shoppingUpstream(id)] as const))),
);
/** The board service: fails for pin ids starting with `noboard`. */
const loadBoards = fieldDependency([null], { owner: 'boards', name: 'board', breaker: false })(
  async (pinIds: readonly string[]): Promise<(Board | null)[]> => {
    if (pinIds.some((id) => id.startsWith('noboard'))) throw new Error('boards are down');
    return pinIds.map((id) => ({ id: `board-of-${id}`, title: `Board ${id}` }));
  },
);

/**
 * Whether a degradation scope is open here: a probe dependency that always degrades is recorded in
 * `currentDegradations()` only inside a scope.
 */
function currentScopeIsOpen(): boolean {
  const before = currentDegradations().length;
  probe();
  return currentDegradations().length > before;
}
const probe = fieldDependency(Boolean, { owner: 'probe', name: 'probe', breaker: false })((): boolean => {
  throw new Error('probe');
});

/** What the pin route answers: the pin's fields, and what the scope says degraded. */
interface PinBody {
  readonly id: string;
  readonly shopping: Record<string, Shopping>;
  readonly board: Board | null;
  readonly degraded: readonly Degradation[];
}

async function pinHandler(request: FastifyRequest<{ Params: { id: string } }>): Promise<PinBody> {
  const { id } = request.params;
  const [shopping, boards] = await Promise.all([loadShopping([id]), loadBoards([id])]);
  return { id, shopping: Object.fromEntries(shopping), board: boards[0] ?? null, degraded: currentDegradations() };
}

const apps: FastifyInstance[] = [];
let registry: Registry;

beforeEach(() => {
  registry = useFreshMetricsRegistry();
  shoppingUpstream = defaultShoppingUpstream;
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A Fastify app, closed after the test. */
function createApp(): FastifyInstance {
  const app = Fastify();
  apps.push(app);
  return app;
}

/** Listens on 127.0.0.1, on a free port. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${String(address)}`);
  return `http://127.0.0.1:${address.port}`;
}

/** An app with the plugin and the pin route at `/v3/pins/:id`. */
async function pinApp(options: FrameworkHelperOptions = {}): Promise<string> {
  const app = createApp();
  await app.register(fieldDependencyFastify, options);
  app.get('/v3/pins/:id', pinHandler);
  return listen(app);
}

/** `field_dependency_endpoint_calls_total` as `field endpoint` → value. */
async function endpointCalls(): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_endpoint_calls_total');
  if (metric === undefined) throw new Error('field_dependency_endpoint_calls_total is not registered');
  return Object.fromEntries(metric.values.map(({ labels, value }) => [`${String(labels.field)} ${String(labels.endpoint)}`, value]));
}

describe('fieldDependencyFastify', () => {
  it('answers 200 with the empty value for a failed field, names it in x-degraded-fields and counts the route template', async () => {
    const base = await pinApp();

    const response = await fetch(`${base}/v3/pins/bad-42`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({
      id: 'bad-42',
      shopping: {},
      board: { id: 'board-of-bad-42', title: 'Board bad-42' },
      degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }],
    });
    // The route template, never the raw URL with the id.
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
    expect(JSON.stringify(await registry.getMetricsAsJSON())).not.toContain('bad-42');
  });

  it('sets no header when nothing degraded', async () => {
    const base = await pinApp();

    const response = await fetch(`${base}/v3/pins/ok-7`);

    expect(response.status).toBe(200);
    expect(response.headers.has('x-degraded-fields')).toBe(false);
    expect(await response.json()).toEqual({
      id: 'ok-7',
      shopping: { 'ok-7': { price: 4 } },
      board: { id: 'board-of-ok-7', title: 'Board ok-7' },
      degraded: [],
    });
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it('names every degraded field once, comma-separated', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.get<{ Params: { id: string } }>('/v3/pins/:id', async (request) => {
      const { id } = request.params;
      // shopping degrades twice (two calls), board once: each field is named once, in order.
      await loadShopping([`bad-${id}`]);
      await loadShopping([`bad-${id}-again`]);
      await loadBoards([`noboard-${id}`]);
      return { degraded: currentDegradations() };
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/1`);

    expect(response.headers.get('x-degraded-fields')).toBe('shopping, board');
    expect(await response.json()).toEqual({
      degraded: [
        { field: 'shopping', owner: 'shopping', reason: 'error' },
        { field: 'board', owner: 'boards', reason: 'error' },
      ],
    });
  });

  it('keeps concurrent requests apart: each response names only its own degradations', async () => {
    const requests = 12;
    // Every upstream call waits until all requests are in flight, so their scopes are interleaved.
    let arrived = 0;
    let releaseAll!: () => void;
    const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    shoppingUpstream = async (id) => {
      if (++arrived === requests) releaseAll();
      await allArrived;
      return defaultShoppingUpstream(id);
    };
    const base = await pinApp();
    const ids = Array.from({ length: requests }, (_, index) => (index % 2 === 0 ? `ok-${index}` : `bad-${index}`));

    const responses = await Promise.all(
      ids.map(async (id) => {
        const response = await fetch(`${base}/v3/pins/${id}`);
        return { id, status: response.status, header: response.headers.get('x-degraded-fields'), body: (await response.json()) as PinBody };
      }),
    );

    expect(arrived).toBe(requests);
    for (const { id, status, header, body } of responses) {
      const failed = id.startsWith('bad');
      expect({ id, status, header, degraded: body.degraded, shopping: Object.keys(body.shopping), board: body.board?.id }).toEqual({
        id,
        status: 200,
        header: failed ? 'shopping' : null,
        degraded: failed ? [{ field: 'shopping', owner: 'shopping', reason: 'error' }] : [],
        shopping: failed ? [] : [id],
        board: `board-of-${id}`,
      });
    }
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': requests, 'board /v3/pins/:id': requests });
  });

  it('uses a custom header name', async () => {
    const base = await pinApp({ header: 'x-partial-response' });

    const response = await fetch(`${base}/v3/pins/bad-3`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-partial-response')).toBe('shopping');
    expect(response.headers.has('x-degraded-fields')).toBe(false);
    await response.text();
  });

  it('sets no header with `header: false`, and still scopes and counts the request', async () => {
    const base = await pinApp({ header: false });

    const response = await fetch(`${base}/v3/pins/bad-3`);

    expect(response.status).toBe(200);
    expect([...response.headers.values()].filter((value) => value.includes('shopping'))).toEqual([]);
    expect(response.headers.has('x-degraded-fields')).toBe(false);
    expect(((await response.json()) as PinBody).degraded).toEqual([{ field: 'shopping', owner: 'shopping', reason: 'error' }]);
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it.each([
    ['an empty string', '', 'received ""'],
    ['a name with a space', 'x degraded', 'received "x degraded"'],
    ['true', true, 'received boolean true'],
    ['null', null, 'received null'],
  ])('fails to start with a TypeError naming `header` when it is %s', async (_label, header, received) => {
    const app = createApp();
    app.register(fieldDependencyFastify, { header: header as never });
    app.get('/v3/pins/:id', pinHandler);

    const error: unknown = await app.ready().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe(`field-dependency: option \`header\` must be a valid header name or false; ${received}`);
  });

  it('keeps the scope in the handler of a POST route after Fastify has parsed the JSON body', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.post<{ Params: { id: string }; Body: { ids: string[] } }>('/v3/pins/:id/related', async (request) => {
      const shopping = await loadShopping(request.body.ids);
      return { shopping: Object.fromEntries(shopping), degraded: currentDegradations() };
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/1/related`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['ok-1', 'bad-2'] }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({ shopping: {}, degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }] });
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id/related': 1 });
  });

  it('re-enters the scope before the handler when a hook before it lost the async context', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    // Like a connection pool that calls back in its own async context, not the request's.
    const pool = new AsyncResource('connection-pool');
    let hookSawScope: boolean | undefined;
    app.addHook('preValidation', (_request, _reply, done) => {
      setImmediate(() =>
        pool.runInAsyncScope(() => {
          hookSawScope = currentScopeIsOpen();
          done();
        }),
      );
    });
    app.post<{ Params: { id: string }; Body: { ids: string[] } }>('/v3/pins/:id/related', async (request) => {
      const shopping = await loadShopping(request.body.ids);
      return { shopping: Object.fromEntries(shopping), degraded: currentDegradations() };
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/1/related`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['bad-1'] }),
    });

    expect(hookSawScope).toBe(false); // the context really was lost on the way
    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({ shopping: {}, degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }] });
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id/related': 1 });
  });

  it('keeps the scope when the body arrives in several chunks, after the request started', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.post<{ Body: { ids: string[] } }>('/v3/pins', async (request) => {
      const shopping = await loadShopping(request.body.ids);
      return { shopping: Object.keys(Object.fromEntries(shopping)), degraded: currentDegradations() };
    });
    const base = await listen(app);
    const encoder = new TextEncoder();
    const chunks = ['{"ids":', '["bad-1",', '"ok-2"]}'];
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else {
          await new Promise((resolve) => setImmediate(resolve));
          controller.enqueue(encoder.encode(chunk));
        }
      },
    });

    const response = await fetch(`${base}/v3/pins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({ shopping: [], degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }] });
  });

  it('gives routes registered under a prefix the prefixed template', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    await app.register(
      async (v3) => {
        v3.get('/pins/:id', pinHandler);
        await v3.register(
          async (boards) => {
            boards.get('/:boardId/pins', async () => {
              await loadShopping(['bad-1']);
              return { degraded: currentDegradations() };
            });
          },
          { prefix: '/boards' },
        );
      },
      { prefix: '/v3' },
    );
    const base = await listen(app);

    const pin = await fetch(`${base}/v3/pins/bad-9`);
    expect(pin.status).toBe(200);
    expect(pin.headers.get('x-degraded-fields')).toBe('shopping');
    await pin.text();
    const boardPins = await fetch(`${base}/v3/boards/b-77/pins`);
    expect(boardPins.status).toBe(200);
    expect(boardPins.headers.get('x-degraded-fields')).toBe('shopping');
    await boardPins.text();

    expect(await endpointCalls()).toEqual({
      'shopping /v3/pins/:id': 1,
      'board /v3/pins/:id': 1,
      'shopping /v3/boards/:boardId/pins': 1,
    });
  });

  it('applies to routes of plugins registered after it (it is not encapsulated)', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    await app.register(async (child) => {
      child.get('/v3/pins/:id', pinHandler);
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/bad-1`);

    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(((await response.json()) as PinBody).degraded).toEqual([{ field: 'shopping', owner: 'shopping', reason: 'error' }]);
  });

  it('answers an unmatched route with 404 and keeps serving', async () => {
    const base = await pinApp();

    const missing = await fetch(`${base}/v4/nothing/here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.has('x-degraded-fields')).toBe(false);
    expect(((await missing.json()) as { statusCode: number }).statusCode).toBe(404);

    const found = await fetch(`${base}/v3/pins/bad-1`);
    expect(found.status).toBe(200);
    expect(found.headers.get('x-degraded-fields')).toBe('shopping');
    await found.text();
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it('counts calls made by a custom not-found handler as unmatched, and names them', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.setNotFoundHandler(async (_request, reply: FastifyReply) => {
      await loadShopping(['bad-suggestions']);
      return reply.code(404).send({ error: 'not found', degraded: currentDegradations() });
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v4/nothing`);

    expect(response.status).toBe(404);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({ error: 'not found', degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }] });
    expect(await endpointCalls()).toEqual({ [`shopping ${UNMATCHED_ENDPOINT}`]: 1 });
  });

  it('names the fields that degraded before a route failed with 500', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.get<{ Params: { id: string } }>('/v3/pins/:id', async (request) => {
      await loadShopping([request.params.id]);
      throw new Error('the handler broke');
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/bad-5`);

    expect(response.status).toBe(500);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    await response.text();
  });
});

describe('field names that are not valid in a header', () => {
  // Functions named in Japanese and with a euro sign (their names become the fields), and a `name` with a line break.
  const fields = {
    価格: fieldDependency(Map, { owner: 'pricing', breaker: false })(async function 価格(ids: readonly string[]): Promise<Map<string, number>> {
      throw new Error(`pricing is down for ${ids.join()}`);
    }),
    'price€': fieldDependency(Map, { owner: 'pricing', breaker: false })(
      Object.defineProperty(
        async (ids: readonly string[]): Promise<Map<string, number>> => {
          throw new Error(`pricing is down for ${ids.join()}`);
        },
        'name',
        { value: 'price€' },
      ),
    ),
  };
  const withLineBreak = fieldDependency(Map, { owner: 'pricing', name: 'price\nnext', breaker: false })(
    async (ids: readonly string[]): Promise<Map<string, number>> => {
      throw new Error(`pricing is down for ${ids.join()}`);
    },
  );

  it('are percent-encoded in x-degraded-fields: Fastify answers 200, and each name decodes back', async () => {
    const app = createApp();
    await app.register(fieldDependencyFastify);
    app.get('/v3/prices/:id', async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const { id } = request.params;
      await Promise.all([fields.価格([id]), fields['price€']([id]), withLineBreak([id])]);
      return { degraded: currentDegradations().map((entry) => entry.field) };
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/prices/1`);

    expect(response.status).toBe(200);
    const header = response.headers.get('x-degraded-fields');
    expect(header).toBe('%E4%BE%A1%E6%A0%BC, price%E2%82%AC, price%0Anext');
    expect(header?.split(', ').map((name) => decodeURIComponent(name))).toEqual(['価格', 'price€', 'price\nnext']);
    expect(await response.json()).toEqual({ degraded: ['価格', 'price€', 'price\nnext'] });
  });
});
