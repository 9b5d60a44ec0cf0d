/**
 * The GraphQL twin of the pins API (graphql-yoga, examples/pins-graphql) end to end over real sockets:
 * library mode (`useFieldDependency`, wrapped loaders) next to naive mode (the same Yoga server and
 * loaders without the library), with the upstreams' faults set for real.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { parsePrometheusText, sumSamples } from '../../examples/load/prometheusText.js';
import { startUpstreams, type Upstreams } from '../../examples/pins-api/index.js';
import { startPinsGraphQL, type PinsGraphQL } from '../../examples/pins-graphql/index.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

const PIN_PAGE = 'query PinPage($id: ID!) { pin(id: $id) { id shopping { price } comments { count } board { name } images { width } } }';
const PIN_7 = {
  id: '7',
  shopping: { price: '14.50 EUR' },
  comments: { count: 21 },
  board: { name: 'Board 1' },
  images: [{ width: 736 }, { width: 236 }],
};

interface Answer {
  readonly status: number;
  readonly header: string | null;
  readonly body: { data?: { pin?: unknown } | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

let upstreams: Upstreams;
let library: PinsGraphQL;
let naive: PinsGraphQL;

async function ask(api: PinsGraphQL, query = PIN_PAGE, variables: Record<string, unknown> = { id: '7' }, timeoutMs = 5000): Promise<Answer> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, header: response.headers.get('x-degraded-fields'), body: (await response.json()) as Answer['body'] };
}

beforeAll(async () => {
  upstreams = await startUpstreams();
  // Breakers off: each test sets its own faults, and a breaker opened by one would change the next.
  library = await startPinsGraphQL({ mode: 'library', upstreams: upstreams.urls, breaker: false });
  naive = await startPinsGraphQL({ mode: 'naive', upstreams: upstreams.urls });
  // The first calls pay for the HTTP client's start-up: keep them out of the 100 ms comments timeout.
  await Promise.all([ask(library), ask(naive)]);
});
afterAll(async () => {
  await Promise.all([library.close(), naive.close()]);
  await upstreams.close();
});
beforeEach(async () => {
  useFreshMetricsRegistry();
  await upstreams.setFaults({});
});

describe('pins GraphQL API', () => {
  it.each(['library', 'naive'] as const)('%s: healthy, every field filled and no extensions', async (mode) => {
    const answer = await ask(mode === 'library' ? library : naive);

    expect(answer).toEqual({ status: 200, header: null, body: { data: { pin: PIN_7 } } });
  });

  it('shopping failing: library answers the pin without shopping and says so; naive masks an error', async () => {
    await upstreams.setFaults({ shopping: { errorRate: 1 } });

    const withLibrary = await ask(library);
    const without = await ask(naive);

    expect(withLibrary).toEqual({
      status: 200,
      header: 'shopping',
      body: { data: { pin: { ...PIN_7, shopping: null } }, extensions: { degradedFields: ['shopping'] } },
    });
    expect(without.body.data).toEqual({ pin: { ...PIN_7, shopping: null } });
    expect(without.body.errors?.map((error) => error.message)).toEqual(['Unexpected error.']);
    expect(without.body.extensions).toBeUndefined();
  });

  it('comments hanging: library answers past the 100 ms timeout without comments; naive never answers', async () => {
    await upstreams.setFaults({ comments: { hang: true } });

    const withLibrary = await ask(library);

    expect(withLibrary).toEqual({
      status: 200,
      header: 'comments',
      body: { data: { pin: { ...PIN_7, comments: null } }, extensions: { degradedFields: ['comments'] } },
    });
    await expect(ask(naive, PIN_PAGE, { id: '7' }, 1000)).rejects.toThrow(/aborted|timeout/i);
  });

  it('images (critical) failing: the pin is null with FIELD_DEPENDENCY_FAILED and nothing of the upstream', async () => {
    await upstreams.setFaults({ images: { errorRate: 1 } });

    const withLibrary = await ask(library);

    expect(withLibrary.status).toBe(200);
    expect(withLibrary.body.data).toEqual({ pin: null });
    expect(withLibrary.body.errors).toEqual([
      {
        message: "Critical field dependency 'images' failed",
        locations: [{ line: 1, column: 98 }],
        path: ['pin', 'images'],
        extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
      },
    ]);
    expect(withLibrary.body.extensions).toEqual({ degradedFields: ['images'] });
    expect(JSON.stringify(withLibrary.body)).not.toMatch(/owner|HTTP 500|UpstreamError|stack/);
  });

  it('counts the operation name as the endpoint on the library API /metrics', async () => {
    await ask(library);
    await ask(library, '{ pin(id: "8") { board { name } } }');

    const metrics = parsePrometheusText(await (await fetch(library.metricsUrl)).text());
    expect(sumSamples(metrics, 'field_dependency_endpoint_calls_total', { endpoint: 'PinPage', field: 'board' })).toBe(1);
    expect(sumSamples(metrics, 'field_dependency_endpoint_calls_total', { endpoint: 'anonymous', field: 'board' })).toBe(1);
  });

  it('a bad id is the client\'s error (BAD_USER_INPUT), and no upstream is called', async () => {
    const before = upstreams.controls.boards.stats.requests;

    const answer = await ask(library, PIN_PAGE, { id: 'abc' });

    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ pin: null });
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(upstreams.controls.boards.stats.requests).toBe(before);
  });
});
