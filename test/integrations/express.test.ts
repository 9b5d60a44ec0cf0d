/**
 * `fieldDependencyExpress()` end to end: a real Express 5 app on a real socket (127.0.0.1, port 0), real
 * HTTP requests, loaders wrapped with `fieldDependency`, and the metrics read from a fresh registry.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentDegradations,
  DEGRADED_FIELDS_HEADER,
  fieldDependency,
  fieldDependencyExpress,
  UNMATCHED_ENDPOINT,
  type Degradation,
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

/** What the pin route answers: the pin's fields, and what the scope says degraded. */
interface PinBody {
  readonly id: string;
  readonly shopping: Record<string, Shopping>;
  readonly board: Board | null;
  readonly degraded: readonly Degradation[];
}

async function pinHandler(req: Request, res: Response): Promise<void> {
  const id = String(req.params.id);
  const [shopping, boards] = await Promise.all([loadShopping([id]), loadBoards([id])]);
  const body: PinBody = { id, shopping: Object.fromEntries(shopping), board: boards[0] ?? null, degraded: currentDegradations() };
  res.json(body);
}

const servers: Server[] = [];
let registry: Registry;

beforeEach(() => {
  registry = useFreshMetricsRegistry();
  shoppingUpstream = defaultShoppingUpstream;
});

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(async (server) => {
      server.closeAllConnections();
      if (server.listening) await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }),
  );
});

/** Listens on 127.0.0.1, on a free port; the server is closed after the test. */
async function listen(app: Express): Promise<string> {
  const server = createServer(app);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An app with the middleware and the pin route at `/v3/pins/:id`. */
function pinApp(options?: Parameters<typeof fieldDependencyExpress>[0]): Express {
  const app = express();
  app.use(fieldDependencyExpress(options));
  app.get('/v3/pins/:id', pinHandler);
  return app;
}

/** `field_dependency_endpoint_calls_total` as `field endpoint` → value. */
async function endpointCalls(): Promise<Record<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_endpoint_calls_total');
  if (metric === undefined) throw new Error('field_dependency_endpoint_calls_total is not registered');
  return Object.fromEntries(metric.values.map(({ labels, value }) => [`${String(labels.field)} ${String(labels.endpoint)}`, value]));
}

describe('fieldDependencyExpress()', () => {
  it('answers 200 with the empty value for a failed field, names it in x-degraded-fields and counts the route template', async () => {
    const base = await listen(pinApp());

    const response = await fetch(`${base}/v3/pins/bad-42`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    const body = (await response.json()) as PinBody;
    expect(body).toEqual({
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
    const base = await listen(pinApp());

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
    const app = express();
    app.use(fieldDependencyExpress());
    app.get('/v3/pins/:id', async (req, res) => {
      const id = String(req.params.id);
      // shopping degrades twice (two calls), board once: each field is named once, in order.
      await loadShopping([`bad-${id}`]);
      await loadShopping([`bad-${id}-again`]);
      await loadBoards([`noboard-${id}`]);
      res.json({ degraded: currentDegradations() });
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
    const base = await listen(pinApp());
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
    const base = await listen(pinApp({ header: 'x-partial-response' }));

    const response = await fetch(`${base}/v3/pins/bad-3`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-partial-response')).toBe('shopping');
    expect(response.headers.has('x-degraded-fields')).toBe(false);
  });

  it('sets no header with `header: false`, and still scopes and counts the request', async () => {
    const base = await listen(pinApp({ header: false }));

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
    ['a name with a colon', 'x-degraded:', 'received "x-degraded:"'],
    ['true', true, 'received boolean true'],
    ['a number', 42, 'received number 42'],
    ['null', null, 'received null'],
  ])('rejects %s as `header` with a TypeError naming the option and the value', (_label, header, received) => {
    expect(() => fieldDependencyExpress({ header: header as never })).toThrow(TypeError);
    expect(() => fieldDependencyExpress({ header: header as never })).toThrow(
      `field-dependency: option \`header\` must be a valid header name or false; ${received}`,
    );
  });

  it('rejects options that are not an object', () => {
    expect(() => fieldDependencyExpress('x-partial' as never)).toThrow(TypeError);
    expect(() => fieldDependencyExpress('x-partial' as never)).toThrow(/the options must be an object .*; received "x-partial"/);
    expect(() => fieldDependencyExpress(null as never)).toThrow(/received null/);
  });

  it('accepts no options and an explicit undefined header as the default', async () => {
    const base = await listen(pinApp({ header: undefined }));

    const response = await fetch(`${base}/v3/pins/bad-3`);

    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    await response.text();
  });

  it('exports the default header name', () => {
    expect(DEGRADED_FIELDS_HEADER).toBe('x-degraded-fields');
  });

  it('gives a router mounted at /v3 the full template /v3/pins/:id', async () => {
    const router = express.Router();
    router.get('/pins/:id', pinHandler);
    const app = express();
    app.use(fieldDependencyExpress());
    app.use('/v3', router);
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/bad-9`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it('gives nested routers the full template', async () => {
    const pins = express.Router();
    pins.get('/:id', pinHandler);
    const v3 = express.Router();
    v3.use('/pins', pins);
    const app = express();
    app.use(fieldDependencyExpress());
    app.use('/v3', v3);
    const base = await listen(app);

    expect((await fetch(`${base}/v3/pins/ok-1`)).status).toBe(200);
    expect(await endpointCalls()).toEqual({ 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it('keeps the scope after express.json() has read a request body', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    app.use(express.json());
    app.post('/v3/pins/:id/related', async (req, res) => {
      const ids = (req.body as { ids: string[] }).ids;
      const shopping = await loadShopping(ids);
      res.json({ shopping: Object.fromEntries(shopping), degraded: currentDegradations() });
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

  it('counts a call made before routing as unmatched, and the handler’s calls under the route', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    // e.g. an auth middleware that loads something before the router has matched a route
    app.use(async (_req, _res, next) => {
      await loadBoards(['viewer']);
      next();
    });
    app.get('/v3/pins/:id', pinHandler);
    const base = await listen(app);

    expect((await fetch(`${base}/v3/pins/ok-1`)).status).toBe(200);
    expect(await endpointCalls()).toEqual({
      [`board ${UNMATCHED_ENDPOINT}`]: 1,
      'board /v3/pins/:id': 1,
      'shopping /v3/pins/:id': 1,
    });
  });

  it('answers an unmatched route with 404 and keeps serving; a not-found handler’s calls count as unmatched', async () => {
    const app = pinApp();
    app.use(async (_req, res) => {
      await loadShopping(['bad-suggestions']);
      res.status(404).json({ error: 'not found', degraded: currentDegradations() });
    });
    const base = await listen(app);

    const missing = await fetch(`${base}/v4/nothing/here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await missing.json()).toEqual({ error: 'not found', degraded: [{ field: 'shopping', owner: 'shopping', reason: 'error' }] });

    const found = await fetch(`${base}/v3/pins/bad-1`);
    expect(found.status).toBe(200);
    expect(found.headers.get('x-degraded-fields')).toBe('shopping');
    await found.text();
    expect(await endpointCalls()).toEqual({ [`shopping ${UNMATCHED_ENDPOINT}`]: 1, 'shopping /v3/pins/:id': 1, 'board /v3/pins/:id': 1 });
  });

  it('answers 404 from Express’s own final handler when no route matches', async () => {
    const base = await listen(pinApp());

    const missing = await fetch(`${base}/nothing`);

    expect(missing.status).toBe(404);
    expect(missing.headers.has('x-degraded-fields')).toBe(false);
    await missing.text();
    expect(await endpointCalls()).toEqual({});
  });

  it('names the fields that degraded before a route failed with 500', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    app.get('/v3/pins/:id', async (req) => {
      await loadShopping([String(req.params.id)]);
      throw new Error('the handler broke');
    });
    app.use((_error: unknown, _req: Request, res: Response, _next: () => void) => {
      res.status(500).json({ error: 'internal' });
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/pins/bad-5`);

    expect(response.status).toBe(500);
    expect(response.headers.get('x-degraded-fields')).toBe('shopping');
    expect(await response.json()).toEqual({ error: 'internal' });
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
  const withLineBreak = fieldDependency(Map, { owner: 'pricing', name: 'price\r\nx-injected: 1', breaker: false })(
    async (ids: readonly string[]): Promise<Map<string, number>> => {
      throw new Error(`pricing is down for ${ids.join()}`);
    },
  );

  it('are percent-encoded in x-degraded-fields: the response is still 200, and each name decodes back', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    app.get('/v3/prices/:id', async (req, res) => {
      const id = String(req.params.id);
      await Promise.all([fields.価格([id]), fields['price€']([id]), withLineBreak([id])]);
      res.json({ degraded: currentDegradations().map((entry) => entry.field) });
    });
    const base = await listen(app);

    const response = await fetch(`${base}/v3/prices/1`);

    expect(response.status).toBe(200);
    const header = response.headers.get('x-degraded-fields');
    expect(header).toBe('%E4%BE%A1%E6%A0%BC, price%E2%82%AC, price%0D%0Ax-injected%3A%201');
    expect(response.headers.get('x-injected')).toBeNull();
    expect(header?.split(', ').map((name) => decodeURIComponent(name))).toEqual(['価格', 'price€', 'price\r\nx-injected: 1']);
    // The record and the metrics keep the names as declared (label values may hold any text).
    expect(await response.json()).toEqual({ degraded: ['価格', 'price€', 'price\r\nx-injected: 1'] });
    expect(Object.keys(await endpointCalls()).sort()).toEqual(['price\r\nx-injected: 1 /v3/prices/:id', 'price€ /v3/prices/:id', '価格 /v3/prices/:id'].sort());
  });
});

describe('routers mounted on a parameterised path', () => {
  it('count the full template (mount path + route), never the raw ids of the mount path', async () => {
    const posts = express.Router();
    posts.get('/posts/:postId', pinHandler);
    const app = express();
    app.use(fieldDependencyExpress());
    app.use('/users/:userId', posts);
    const base = await listen(app);

    expect((await fetch(`${base}/users/42/posts/bad-7`)).status).toBe(200);
    expect((await fetch(`${base}/users/43/posts/ok-8`)).status).toBe(200);

    expect(await endpointCalls()).toEqual({ 'shopping /users/:userId/posts/:postId': 2, 'board /users/:userId/posts/:postId': 2 });
    const exposition = JSON.stringify(await registry.getMetricsAsJSON());
    expect(exposition).not.toContain('/users/42');
    expect(exposition).not.toContain('/users/43');
  });

  it('nest: every mount path of the chain keeps its template', async () => {
    const teams = express.Router();
    teams.get('/pins/:id', pinHandler);
    const orgs = express.Router();
    orgs.use('/teams/:teamId', teams);
    const app = express();
    app.use(fieldDependencyExpress());
    app.use('/orgs/:orgId', orgs);
    const base = await listen(app);

    expect((await fetch(`${base}/orgs/acme/teams/7/pins/ok-1`)).status).toBe(200);
    expect(await endpointCalls()).toEqual({ 'shopping /orgs/:orgId/teams/:teamId/pins/:id': 1, 'board /orgs/:orgId/teams/:teamId/pins/:id': 1 });
  });

  it('one router mounted at two paths: each request counts under the mount path it came through', async () => {
    const pins = express.Router();
    pins.get('/pins/:id', pinHandler);
    const app = express();
    app.use(fieldDependencyExpress());
    app.use('/v3/:locale', pins);
    app.use('/legacy', pins);
    const base = await listen(app);

    expect((await fetch(`${base}/v3/fr/pins/ok-1`)).status).toBe(200);
    expect((await fetch(`${base}/legacy/pins/ok-2`)).status).toBe(200);
    expect(await endpointCalls()).toEqual({
      'shopping /v3/:locale/pins/:id': 1,
      'board /v3/:locale/pins/:id': 1,
      'shopping /legacy/pins/:id': 1,
      'board /legacy/pins/:id': 1,
    });
  });
});
