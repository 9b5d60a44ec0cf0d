/**
 * The pins API's `fieldWorkMicros` (the overload benchmark's stand-in for the CPU a real API spends on each
 * field value): spent once per field value that came with data, never on an empty value, in every mode, and
 * the answers unchanged. The busy loop itself is replaced by a counter: no timing is asserted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpGet } from '../../examples/load/httpGet.js';
import { startPinsApi, type PinsApi } from '../../examples/pins-api/startPinsApi.js';
import { startUpstreams, type Upstreams } from '../../examples/pins-api/upstreams/startUpstreams.js';
import { spendFieldWork } from '../../examples/pins-api/spendFieldWork.js';

vi.mock('../../examples/pins-api/spendFieldWork.js', () => ({ spendFieldWork: vi.fn() }));

let upstreams: Upstreams;
let plain: PinsApi;
let working: PinsApi;
beforeAll(async () => {
  upstreams = await startUpstreams();
  plain = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
  working = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls, fieldWorkMicros: 150 });
});
afterAll(async () => {
  await Promise.all([plain.close(), working.close()]);
  await upstreams.close();
});

describe('fieldWorkMicros', () => {
  it('spends the work once per field value with data, the answer unchanged; none without the option', async () => {
    const path = '/v3/pins/7?fields=shopping,comments,board,images';
    const expected = await httpGet(`${plain.url}${path}`);
    expect(vi.mocked(spendFieldWork)).not.toHaveBeenCalled();
    const answered = await httpGet(`${working.url}${path}`);
    expect(answered.json()).toEqual(expected.json());
    const pin = (answered.json() as { pin: Record<string, unknown> }).pin;
    const withData = ['shopping', 'comments', 'board', 'images'].filter((field) => pin[field] !== null && !(Array.isArray(pin[field]) && (pin[field] as unknown[]).length === 0));
    expect(vi.mocked(spendFieldWork).mock.calls).toEqual(withData.map(() => [150]));
  });

  it('spends none on a field whose upstream failed (its empty value)', async () => {
    vi.mocked(spendFieldWork).mockClear();
    const library = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, fieldWorkMicros: 150 });
    await upstreams.controls.shopping.setFault({ errorRate: 1 });
    try {
      const answered = await httpGet(`${library.url}/v3/pins/7?fields=shopping,images`);
      expect(answered.headers['x-degraded-fields']).toBe('shopping');
      expect(vi.mocked(spendFieldWork).mock.calls.length).toBe((answered.json() as { pin: { images: unknown[] } }).pin.images.length > 0 ? 1 : 0);
    } finally {
      await upstreams.controls.shopping.setFault({});
      await library.close();
    }
  });
});
