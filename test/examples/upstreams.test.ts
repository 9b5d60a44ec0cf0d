/**
 * The pins API's upstreams: each fault setting, checked on the upstream itself over real sockets, and
 * the admin endpoint that other processes drive them with.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startUpstreams, type Upstreams } from '../../examples/pins-api/index.js';
import { isErrorAnswer, resolveFault } from '../../examples/pins-api/upstreams/UpstreamFault.js';
import { httpGet } from '../../examples/load/httpGet.js';

let upstreams: Upstreams;
beforeAll(async () => {
  upstreams = await startUpstreams();
});
afterAll(() => upstreams.close());
beforeEach(() => upstreams.setFaults({}));

function get(name: 'shopping' | 'comments' | 'boards' | 'images', ids: string, signal?: AbortSignal) {
  return httpGet(`${upstreams.urls[name]}/v1/${name}?ids=${ids}`, signal);
}

/** Sends `body` to the admin endpoint with `method`. */
function admin(method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${upstreams.adminUrl}${path}`, { method, agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += String(chunk)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('answers', () => {
  it('serves each upstream its own data, aligned with the ids', async () => {
    expect((await get('comments', '7,8')).json()).toEqual([{ count: 21 }, { count: 24 }]);
    expect((await get('boards', '1')).json()).toEqual([{ id: '1', name: 'Board 1', pinCount: 8 }]);
    expect(Object.keys((await get('shopping', '7,12,13')).json())).toEqual(['7', '13']); // 12 is not a product
    expect((await get('images', '7')).json<unknown[][]>()[0]).toHaveLength(2);
    expect((await httpGet(`${upstreams.urls.images}/v1/boards?ids=1`)).status).toBe(404);
  });
});

describe('faults', () => {
  it('errorRate fails exactly that share of answers, evenly spread, counted from when it is set', async () => {
    await upstreams.controls.images.setFault({ errorRate: 0.25 });
    const statuses: number[] = [];
    for (let call = 0; call < 8; call++) statuses.push((await get('images', '7')).status);
    expect(statuses).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
    expect((await get('images', '7')).json()).not.toBeUndefined();
  });

  it('latencyMs delays the answer without failing it', async () => {
    await upstreams.controls.boards.setFault({ latencyMs: 20 });
    const before = upstreams.controls.boards.stats;
    const answer = await get('boards', '1');
    expect(answer.status).toBe(200);
    expect(upstreams.controls.boards.stats).toMatchObject({ requests: before.requests + 1, ok: before.ok + 1 });
  });

  it('hang holds requests until the client gives up, or until the hang is lifted', async () => {
    const comments = upstreams.controls.comments;
    await comments.setFault({ hang: true });
    const before = comments.stats;
    const givingUp = new AbortController();
    const abandoned = get('comments', '1', givingUp.signal).catch((error: unknown) => error);
    const waiting = get('comments', '2');
    await vi.waitFor(() => expect(comments.stats.held).toBe(2));

    givingUp.abort();
    expect(await abandoned).toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(comments.stats).toMatchObject({ held: 1, cancelled: before.cancelled + 1 }));

    await comments.setFault({});
    expect((await waiting).json()).toEqual([{ count: 6 }]);
    expect(comments.stats).toMatchObject({ held: 0, ok: before.ok + 1 });
  });

  it('counts the requests in flight and the most at once since the fault was set', async () => {
    const shopping = upstreams.controls.shopping;
    await shopping.setFault({ hang: true });
    expect(shopping.stats).toMatchObject({ inFlight: 0, maxInFlight: 0 });
    const waiting = [get('shopping', '1'), get('shopping', '2'), get('shopping', '3')];
    await vi.waitFor(() => expect(shopping.stats).toMatchObject({ inFlight: 3, maxInFlight: 3 }));

    await shopping.setFault({ latencyMs: 1 });
    await Promise.all(waiting);
    expect(shopping.stats).toMatchObject({ inFlight: 0, maxInFlight: 3 });
    await shopping.setFault({});
    expect(shopping.stats).toMatchObject({ inFlight: 0, maxInFlight: 0 });
  });

  it('refuse stops listening, then listens again on the same port', async () => {
    await upstreams.controls.shopping.setFault({ refuse: true });
    await expect(get('shopping', '7')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await upstreams.controls.shopping.setFault({});
    expect((await get('shopping', '7')).status).toBe(200);
  });

  it('setFaults sets the named upstreams and heals the others; an invalid fault changes nothing', async () => {
    await upstreams.setFaults({ shopping: { errorRate: 1 }, comments: { latencyMs: 5 } });
    await upstreams.setFaults({ comments: { hang: true } });
    expect(upstreams.controls.shopping.fault).toEqual({ errorRate: 0, latencyMs: 0, hang: false, refuse: false });
    expect(upstreams.controls.comments.fault).toEqual({ errorRate: 0, latencyMs: 0, hang: true, refuse: false });
    await expect(upstreams.setFaults({ images: { errorRate: 1 }, boards: { errorRate: 2 } })).rejects.toThrow(TypeError);
    expect(upstreams.controls.images.fault.errorRate).toBe(0);
    expect(upstreams.controls.comments.fault.hang).toBe(true);
  });
});

describe('resolveFault', () => {
  it.each([
    [null, 'an upstream fault must be an object such as { "errorRate": 1 }; received null'],
    [{ errorRat: 1 }, 'unknown upstream fault setting "errorRat"; the settings are errorRate, latencyMs, hang, refuse'],
    [{ errorRate: 1.5 }, 'upstream fault setting errorRate must be a number from 0 to 1; received 1.5'],
    [{ errorRate: '1' }, 'upstream fault setting errorRate must be a number from 0 to 1; received "1"'],
    [{ latencyMs: 2.5 }, 'upstream fault setting latencyMs must be a whole number of milliseconds from 0 to 60000; received 2.5'],
    [{ hang: 'yes' }, 'upstream fault setting hang must be true or false; received "yes"'],
    [{ refuse: 1 }, 'upstream fault setting refuse must be true or false; received 1'],
  ])('rejects %j', (fault, message) => {
    expect(() => resolveFault(fault)).toThrow(new TypeError(message));
  });

  it('fills in the defaults', () => {
    expect(resolveFault({ hang: true })).toEqual({ errorRate: 0, latencyMs: 0, hang: true, refuse: false });
  });

  it('spreads errors evenly (isErrorAnswer)', () => {
    const answers = (rate: number) => Array.from({ length: 10 }, (_, index) => isErrorAnswer(index + 1, rate));
    expect(answers(0)).toEqual(Array(10).fill(false));
    expect(answers(1)).toEqual(Array(10).fill(true));
    expect(answers(0.2).flatMap((failed, index) => (failed ? [index + 1] : []))).toEqual([5, 10]);
    expect(answers(0.5).filter(Boolean)).toHaveLength(5);
  });
});

describe('the admin endpoint', () => {
  it('lists every upstream with its fault and counters', async () => {
    const { status, json } = await admin('GET', '/upstreams');
    expect(status).toBe(200);
    expect(Object.keys(json)).toEqual(['shopping', 'comments', 'boards', 'images']);
    expect(json.images).toEqual({ url: upstreams.urls.images, fault: upstreams.controls.images.fault, stats: upstreams.controls.images.stats });
  });

  it('sets one upstream fault with PUT /upstreams/<name>/fault', async () => {
    const { status, json } = await admin('PUT', '/upstreams/images/fault', '{"errorRate":1}');
    expect(status).toBe(200);
    expect(json.fault).toEqual({ errorRate: 1, latencyMs: 0, hang: false, refuse: false });
    expect((await get('images', '7')).status).toBe(500);
  });

  it('sets every fault with PUT /faults', async () => {
    await upstreams.controls.images.setFault({ errorRate: 1 });
    const { status } = await admin('PUT', '/faults', '{"shopping":{"latencyMs":1}}');
    expect(status).toBe(200);
    expect(upstreams.controls.shopping.fault.latencyMs).toBe(1);
    expect(upstreams.controls.images.fault.errorRate).toBe(0);
  });

  it.each([
    ['PUT', '/upstreams/images/fault', '{"errorRate":', 400, 'the body must be JSON, such as { "errorRate": 1 }'],
    ['PUT', '/upstreams/images/fault', '{"hang":"yes"}', 400, 'upstream fault setting hang must be true or false; received "yes"'],
    ['PUT', '/upstreams/pricing/fault', '{}', 404, 'no upstream "pricing"; the upstreams are shopping, comments, boards, images'],
    ['PUT', '/faults', '{"pricing":{}}', 400, 'no upstream "pricing"; the upstreams are shopping, comments, boards, images'],
    ['PUT', '/faults', '[]', 400, 'the body must be an object of faults by upstream name, such as { "shopping": { "errorRate": 1 } }'],
    ['PUT', '/faults', JSON.stringify({ shopping: { latencyMs: 1 }, padding: 'x'.repeat(5000) }), 400, 'the body must be at most 4096 bytes'],
    ['DELETE', '/faults', '', 404, 'the admin endpoint has GET /upstreams, PUT /upstreams/<name>/fault and PUT /faults'],
  ])('%s %s %s → %i', async (method, path, body, status, error) => {
    const answer = await admin(method, path, body);
    expect(answer).toEqual({ status, json: { error } });
    expect(upstreams.controls.images.fault.errorRate).toBe(0);
  });
});
