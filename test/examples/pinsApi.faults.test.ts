/**
 * The promise of each demo phase, end to end over real sockets: the pins API in library mode next to
 * the same API without the library (naive mode), with the upstreams' faults set for real (HTTP 500s,
 * hangs, refused connections, latency).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { COMMENTS_TIMEOUT_MS, type ErrorBody, type PinView } from '../../examples/pins-api/index.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { httpGet, type HttpAnswer } from '../../examples/load/httpGet.js';
import { startPinsApiFixture, type PinsApiFixture } from './support/pinsApiFixture.js';

noUnhandledRejections();

let fixture: PinsApiFixture;
beforeAll(async () => {
  fixture = await startPinsApiFixture();
  // The first call of each upstream pays for the HTTP client's start-up: keep it out of the 100 ms comments timeout.
  await httpGet(`${fixture.library.url}/v3/pins/7`);
});
afterAll(() => fixture.close());
beforeEach(async () => {
  useFreshMetricsRegistry(); // zeroes the runtime's counters and closes its breakers
  await fixture.upstreams.setFaults({});
});

const PIN_7 = {
  id: '7',
  shopping: { price: '14.50 EUR', merchant: 'Atelier Nord' },
  comments: { count: 21 },
  board: { id: '1', name: 'Board 1', pinCount: 8 },
  images: [
    { url: 'https://i.example.com/736x/7.jpg', width: 736, height: 1104 },
    { url: 'https://i.example.com/236x/7.jpg', width: 236, height: 354 },
  ],
} satisfies PinView;

async function pin(mode: 'library' | 'naive', query = ''): Promise<HttpAnswer> {
  return httpGet(`${fixture.api(mode).url}/v3/pins/7${query}`);
}

/** What an upstream's HTTP 500 says: it must never reach a client. */
const UPSTREAM_ERROR_TEXT = /connection pool|exhausted|HTTP 500|UpstreamError|ECONNREFUSED/;

describe('healthy', () => {
  it.each(['library', 'naive'] as const)('%s: every field filled, nothing degraded', async (mode) => {
    const answer = await pin(mode);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ pin: PIN_7 });
    expect(answer.headers['x-degraded-fields']).toBeUndefined();
  });

  it('hydrates a board page with one upstream call per field', async () => {
    const before = { ...fixture.upstreams.controls.comments.stats, boards: fixture.upstreams.controls.boards.stats.requests };
    const answer = await httpGet(`${fixture.library.url}/v3/boards/2/pins?fields=comments,board`);
    expect(answer.status).toBe(200);
    const { board, pins } = answer.json<{ board: { id: string }; pins: PinView[] }>();
    expect(board).toEqual({ id: '2' });
    expect(pins.map((each) => each.id)).toEqual(['9', '10', '11', '12', '13', '14', '15', '16']);
    expect(pins.every((each) => each.board?.id === '2' && typeof each.comments?.count === 'number')).toBe(true);
    expect(fixture.upstreams.controls.comments.stats.requests - before.requests).toBe(1);
    expect(fixture.upstreams.controls.boards.stats.requests - before.boards).toBe(1);
  });
});

describe('a non-critical upstream fails (shopping answers HTTP 500)', () => {
  beforeEach(() => fixture.upstreams.setFaults({ shopping: { errorRate: 1 } }));

  it('library: 200, shopping empty and named in x-degraded-fields, the other fields whole', async () => {
    const answer = await pin('library');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-degraded-fields']).toBe('shopping');
    expect(answer.json()).toEqual({ pin: { ...PIN_7, shopping: null } });
    expect(await fixture.metric('field_dependency_degradations_total', { field: 'shopping', owner: 'shopping', reason: 'error' })).toBe(1);
  });

  it('naive: the whole page fails with 500, without the upstream error', async () => {
    const answer = await pin('naive');
    expect(answer.status).toBe(500);
    expect(answer.json<ErrorBody>()).toEqual({ error: 'internal', message: 'internal error' });
    expect(answer.text).not.toMatch(UPSTREAM_ERROR_TEXT);
  });
});

describe('a non-critical upstream refuses connections (boards)', () => {
  it('library degrades the board; naive fails; both serve boards again once it listens', async () => {
    await fixture.upstreams.setFaults({ boards: { refuse: true } });
    const degraded = await pin('library', '?fields=board,images');
    expect(degraded.status).toBe(200);
    expect(degraded.headers['x-degraded-fields']).toBe('board');
    expect(degraded.json()).toEqual({ pin: { id: '7', board: null, images: PIN_7.images } });
    const failed = await pin('naive', '?fields=board,images');
    expect(failed.status).toBe(500);
    expect(failed.text).not.toMatch(UPSTREAM_ERROR_TEXT);

    await fixture.upstreams.setFaults({});
    for (const mode of ['library', 'naive'] as const) {
      const healed = await pin(mode, '?fields=board');
      expect(healed.status).toBe(200);
      expect(healed.json()).toEqual({ pin: { id: '7', board: PIN_7.board } });
    }
  });
});

describe('a non-critical upstream hangs (comments)', () => {
  beforeEach(() => fixture.upstreams.setFaults({ comments: { hang: true } }));

  it(`library: answered after the ${COMMENTS_TIMEOUT_MS} ms timeout without comments, and the upstream request is cancelled`, async () => {
    const answer = await pin('library', '?fields=comments,images');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-degraded-fields']).toBe('comments');
    expect(answer.json()).toEqual({ pin: { id: '7', comments: null, images: PIN_7.images } });
    expect(await fixture.metric('field_dependency_degradations_total', { field: 'comments', reason: 'timeout' })).toBe(1);
    // The timeout's AbortSignal reached the HTTP client: the upstream saw its request closed unanswered.
    await vi.waitFor(() => expect(fixture.upstreams.controls.comments.stats).toMatchObject({ cancelled: 1, held: 0 }));
  });

  it('library: a board page waits for one comments call, not one per pin', async () => {
    const comments = fixture.upstreams.controls.comments;
    const before = comments.stats;
    const answer = await httpGet(`${fixture.library.url}/v3/boards/3/pins?fields=comments`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-degraded-fields']).toBe('comments');
    expect(answer.json<{ pins: PinView[] }>().pins.map((each) => each.comments)).toEqual(Array(8).fill(null));
    expect(comments.stats.requests - before.requests).toBe(1);
    await vi.waitFor(() => expect(comments.stats.cancelled - before.cancelled).toBe(1));
  });

  it('naive: the page hangs as long as the upstream does', async () => {
    let settled = false;
    const pending = pin('naive', '?fields=comments').finally(() => (settled = true));
    await vi.waitFor(() => expect(fixture.upstreams.controls.comments.stats.held).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, COMMENTS_TIMEOUT_MS * 2));
    expect(settled).toBe(false);

    await fixture.upstreams.setFaults({}); // the held request is answered now
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ pin: { id: '7', comments: PIN_7.comments } });
  });
});

describe('upstream latency', () => {
  it('below the timeout: the data arrives; above it: comments degrade with reason timeout', async () => {
    await fixture.upstreams.setFaults({ shopping: { latencyMs: 30 }, comments: { latencyMs: COMMENTS_TIMEOUT_MS * 5 } });
    const answer = await pin('library', '?fields=shopping,comments');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-degraded-fields']).toBe('comments');
    expect(answer.json()).toEqual({ pin: { id: '7', shopping: PIN_7.shopping, comments: null } });
    expect(await fixture.metric('field_dependency_degradations_total', { field: 'comments', reason: 'timeout' })).toBe(1);
    await vi.waitFor(() => expect(fixture.upstreams.controls.comments.stats.cancelled).toBeGreaterThanOrEqual(1));
  });
});

describe('the critical upstream fails (images)', () => {
  it('library: 503 with a short JSON error naming the field; naive: 500', async () => {
    await fixture.upstreams.setFaults({ images: { errorRate: 1 }, shopping: { errorRate: 1 } });
    const answer = await pin('library', '?fields=images,shopping');
    expect(answer.status).toBe(503);
    expect(answer.json<ErrorBody>()).toEqual({
      error: 'unavailable',
      message: 'a field this page needs is unavailable; try again later',
      field: 'images',
    });
    expect(String(answer.headers['x-degraded-fields']).split(', ')).toContain('images');
    expect(answer.text).not.toMatch(UPSTREAM_ERROR_TEXT);
    expect(await fixture.metric('field_dependency_calls_total', { field: 'images', critical: 'true', outcome: 'failed' })).toBe(1);

    const naive = await pin('naive', '?fields=images');
    expect(naive.status).toBe(500);
    expect(naive.text).not.toMatch(UPSTREAM_ERROR_TEXT);
  });

  it('failing 20% of calls: exactly one page in five answers 503, the others are whole', async () => {
    await fixture.upstreams.setFaults({ images: { errorRate: 0.2 } });
    const statuses: number[] = [];
    for (let page = 0; page < 10; page++) statuses.push((await pin('library', '?fields=images')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 503, 200, 200, 200, 200, 503]);
  });
});

describe('metrics', () => {
  it('counts dependency calls per route template, never per raw URL', async () => {
    await httpGet(`${fixture.library.url}/v3/pins/7?fields=board`);
    await httpGet(`${fixture.library.url}/v3/boards/4/pins?fields=board`);
    await httpGet(`${fixture.library.url}/v3/pins/8?fields=nope`);
    const text = (await httpGet(fixture.library.metricsUrl)).text;
    expect(await fixture.metric('field_dependency_endpoint_calls_total', { field: 'board', endpoint: '/v3/pins/:id' })).toBe(1);
    expect(await fixture.metric('field_dependency_endpoint_calls_total', { field: 'board', endpoint: '/v3/boards/:id/pins' })).toBe(1);
    expect(await fixture.metric('pins_api_requests_total', { route: '/v3/pins/:id', code: '400' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/\/v3\/pins\/[0-9]|\/v3\/boards\/[0-9]/);
  });

  it('naive mode exposes the request counter, and no field dependency metric', async () => {
    await httpGet(`${fixture.naive.url}/v3/pins/7?fields=board`);
    const text = (await httpGet(fixture.naive.metricsUrl)).text;
    expect(text).toMatch(/^pins_api_requests_total\{route="\/v3\/pins\/:id",code="200"\} \d+$/m);
    expect(text).not.toContain('field_dependency_');
  });
});
