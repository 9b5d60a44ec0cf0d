/**
 * The benchmark's fair competitor: the pins API with the library's guarantees written by hand
 * (`mode: 'handwritten'`). Before its throughput is compared with the library's, it must be shown to
 * give the same guarantees, over real sockets with real upstream faults.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpGet } from '../../examples/load/httpGet.js';
import { parsePrometheusText, sumSamples } from '../../examples/load/prometheusText.js';
import { startPinsApi, startUpstreams, type PinsApi, type PinView, type Upstreams } from '../../examples/pins-api/index.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let upstreams: Upstreams;
let api: PinsApi<'handwritten'>;
beforeAll(async () => {
  upstreams = await startUpstreams();
  api = await startPinsApi({ mode: 'handwritten', upstreams: upstreams.urls });
  await httpGet(`${api.url}/v3/pins/7`); // the HTTP client's start-up, out of the comments timeout
});
afterAll(async () => {
  await api.close();
  await upstreams.close();
});
beforeEach(() => upstreams.setFaults({}));

const metric = async (name: string, labels: Readonly<Record<string, string>>): Promise<number> =>
  sumSamples(parsePrometheusText((await httpGet(api.metricsUrl)).text), name, labels);

describe("the hand-written API (the library's guarantees without the library)", () => {
  it('healthy: every field filled, no header', async () => {
    const answer = await httpGet(`${api.url}/v3/pins/7`);
    expect(answer.status).toBe(200);
    const { pin } = answer.json<{ pin: PinView }>();
    expect(Object.keys(pin).sort()).toEqual(['board', 'comments', 'id', 'images', 'shopping']);
    expect(answer.headers['x-degraded-fields']).toBeUndefined();
  });

  it('a failing non-critical upstream: 200, the field empty, named in x-degraded-fields, counted', async () => {
    await upstreams.setFaults({ shopping: { errorRate: 1 } });
    const before = await metric('handwritten_loader_calls_total', { field: 'shopping', outcome: 'degraded' });
    const answer = await httpGet(`${api.url}/v3/pins/7`);
    expect(answer.status).toBe(200);
    expect(answer.json<{ pin: PinView }>().pin.shopping).toBeNull();
    expect(answer.headers['x-degraded-fields']).toBe('shopping');
    expect(await metric('handwritten_loader_calls_total', { field: 'shopping', outcome: 'degraded' })).toBe(before + 1);
  });

  it('a hanging upstream: the page answers without comments once their timeout passes, and the upstream request is cancelled', async () => {
    await upstreams.setFaults({ comments: { hang: true } });
    const answer = await httpGet(`${api.url}/v3/pins/7?fields=comments`);
    expect(answer.status).toBe(200);
    expect(answer.json<{ pin: PinView }>().pin.comments).toBeNull();
    expect(answer.headers['x-degraded-fields']).toBe('comments');
    await expect.poll(() => upstreams.controls.comments.stats.cancelled).toBeGreaterThan(0);
  });

  it('a failing critical upstream fails the page (500), without the upstream\'s text', async () => {
    await upstreams.setFaults({ images: { errorRate: 1 } });
    const answer = await httpGet(`${api.url}/v3/pins/7`);
    expect(answer.status).toBe(500);
    expect(answer.text).not.toMatch(/HTTP 500|UpstreamError|ECONNREFUSED/);
    expect(await metric('handwritten_loader_calls_total', { field: 'images', outcome: 'failed' })).toBeGreaterThan(0);
  });
});
