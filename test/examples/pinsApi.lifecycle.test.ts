/**
 * Starting and closing the pins API and its upstreams: invalid options fail clearly, and `close()`
 * leaves no socket, server or timer behind, even with requests in flight.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetFieldDependencies } from 'field-dependency/testing';
import { startPinsApi, startUpstreams, type PinsApiOptions } from '../../examples/pins-api/index.js';
import { httpGet } from '../../examples/load/httpGet.js';

/** The active resources (sockets, servers, ref'd timers…), as a sorted list of their types. */
function activeResources(): string[] {
  return process.getActiveResourcesInfo().sort();
}

/**
 * The resources in `after` that were not in `before` (as a multiset of types). Not an equality: the
 * test runner's own timers may come and go meanwhile.
 */
function added(before: readonly string[], after: readonly string[]): string[] {
  const remaining = [...before];
  return after.filter((type) => {
    const index = remaining.indexOf(type);
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

afterEach(() => resetFieldDependencies());

describe('close()', () => {
  it('leaves no socket, server or timer behind, with requests in flight in both modes', async () => {
    const before = activeResources();
    const upstreams = await startUpstreams();
    const library = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
    const naive = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls });
    expect(activeResources().filter((type) => type === 'TCPServerWrap').length).toBeGreaterThanOrEqual(7);

    await httpGet(`${library.url}/v3/pins/7`);
    await httpGet(`${naive.url}/v3/boards/1/pins`);
    await upstreams.setFaults({ comments: { hang: true }, shopping: { latencyMs: 30_000 } });
    // In flight at close: a naive page held by the hanging upstream, a library page waiting for slow shopping.
    const held = httpGet(`${naive.url}/v3/pins/7?fields=comments`).catch((error: unknown) => error);
    const slow = httpGet(`${library.url}/v3/pins/7?fields=shopping`).catch((error: unknown) => error);
    await vi.waitFor(() => {
      expect(upstreams.controls.comments.stats.held).toBe(1);
      expect(upstreams.controls.shopping.stats.requests).toBe(3);
    });

    await Promise.all([library.close(), naive.close()]);
    await upstreams.close();

    expect(await held).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
    expect(added(before, activeResources())).toEqual([]);
  });

  it('can be called twice, and the API no longer answers afterwards', async () => {
    const upstreams = await startUpstreams();
    const api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
    await Promise.all([api.close(), api.close()]);
    await upstreams.close();
    await upstreams.close();
    await expect(httpGet(`${api.url}/v3/pins/7`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(httpGet(`${upstreams.urls.images}/v1/images?ids=7`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(httpGet(`${upstreams.adminUrl}/upstreams`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('startPinsApi options', () => {
  const urls = { shopping: 'http://127.0.0.1:1', comments: 'http://127.0.0.1:2', boards: 'http://127.0.0.1:3', images: 'http://127.0.0.1:4' };

  it.each([
    [{ mode: 'fast', upstreams: urls }, "startPinsApi: option `mode` must be 'library', 'naive' or 'handwritten'; received \"fast\""],
    [{ mode: 'naive' }, "startPinsApi: option `upstreams.shopping` must be a base URL such as 'http://127.0.0.1:4001'; received undefined"],
    [{ mode: 'naive', upstreams: { ...urls, images: 'http://127.0.0.1:4/v1' } }, "startPinsApi: option `upstreams.images` must be a base URL such as 'http://127.0.0.1:4001'; received \"http://127.0.0.1:4/v1\""],
    [{ mode: 'naive', upstreams: urls, port: 70_000 }, 'startPinsApi: option `port` must be a whole number from 0 to 65535; received 70000'],
    [{ mode: 'naive', upstreams: urls, breaker: false }, "startPinsApi: option `breaker` applies to mode 'library' only"],
    [{ mode: 'naive', upstreams: urls, requestContext: 'yes' }, 'startPinsApi: option `requestContext` must be true or false; received "yes"'],
    [{ mode: 'library', upstreams: urls, requestContext: true }, "startPinsApi: option `requestContext` applies to mode 'naive' only (library mode has the runtime's own)"],
    [{ mode: 'naive', upstreams: urls, fieldWorkMicros: -1 }, 'startPinsApi: option `fieldWorkMicros` must be microseconds from 0 to 1000000; received -1'],
    [{ mode: 'naive', upstreams: urls, fieldWorkMicros: '100' }, 'startPinsApi: option `fieldWorkMicros` must be microseconds from 0 to 1000000; received "100"'],
  ])('rejects %j with a TypeError', async (options, message) => {
    await expect(startPinsApi(options as unknown as PinsApiOptions)).rejects.toThrow(new TypeError(message));
  });

  it('requestContext: a naive API whose requests each run in an AsyncLocalStorage context still answers the same', async () => {
    const upstreams = await startUpstreams();
    const plain = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls });
    const withContext = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls, requestContext: true });
    const path = '/v3/pins/7?fields=shopping,comments,board,images';
    const [expected, answered] = await Promise.all([httpGet(`${plain.url}${path}`), httpGet(`${withContext.url}${path}`)]);
    expect(answered.status).toBe(200);
    expect(answered.json()).toEqual(expected.json());
    await Promise.all([plain.close(), withContext.close()]);
    await upstreams.close();
  });

  it('takes brownout and a board concurrency limit in library mode only', async () => {
    const upstreams = { shopping: 'http://127.0.0.1:1', comments: 'http://127.0.0.1:1', boards: 'http://127.0.0.1:1', images: 'http://127.0.0.1:1' };
    await expect(startPinsApi({ mode: 'naive', upstreams, brownout: { targetLatencyMs: 50 } })).rejects.toThrow(new TypeError("startPinsApi: option `brownout` applies to mode 'library' only"));
    await expect(startPinsApi({ mode: 'handwritten', upstreams, boardConcurrencyLimit: 4 })).rejects.toThrow(
      new TypeError("startPinsApi: option `boardConcurrencyLimit` applies to mode 'library' only"),
    );
  });

  it('rejects a second library-mode API with other breaker settings: the runtime has one breaker per field and owner', async () => {
    const upstreams = await startUpstreams();
    const first = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
    const same = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
    await expect(startPinsApi({ mode: 'library', upstreams: upstreams.urls, breaker: { volumeThreshold: 3 } })).rejects.toThrow(
      new TypeError(
        'startPinsApi: option `breaker` must be the same for every library-mode API of a process (one breaker per field and owner); ' +
          'this process started one with the defaults, received {"volumeThreshold":3}',
      ),
    );
    await Promise.all([first.close(), same.close()]);
    await upstreams.close();
  });
});
