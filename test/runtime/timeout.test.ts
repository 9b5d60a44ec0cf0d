import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  currentDegradations,
  currentSignal,
  degradationScope,
  DependencyTimeoutError,
  fieldDependency,
  isDependencyTimeoutError,
  isFieldDependencyError,
  type FieldDependencyError,
} from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { expectNoUnhandledRejections, noUnhandledRejections } from '../support/noUnhandledRejections.js';

/** A request the server received and holds without answering. */
interface HeldRequest {
  readonly path: string;
  readonly response: ServerResponse;
  /** Resolves when the connection under the request closes before an answer was sent. */
  readonly closed: Promise<void>;
  isClosed(): boolean;
}

/** A real HTTP server on 127.0.0.1 that accepts requests and never answers them unless told to. */
interface HangingServer {
  url(path: string): string;
  /** The next request to arrive (or one that already arrived and was not taken yet). */
  nextRequest(): Promise<HeldRequest>;
  close(): Promise<void>;
}

async function startHangingServer(): Promise<HangingServer> {
  const arrived: HeldRequest[] = [];
  const waiting: ((request: HeldRequest) => void)[] = [];
  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    let closed = false;
    const held: HeldRequest = {
      path: request.url ?? '',
      response,
      closed: new Promise((resolve) =>
        response.on('close', () => {
          closed = true;
          resolve();
        }),
      ),
      isClosed: () => closed,
    };
    const taker = waiting.shift();
    if (taker === undefined) arrived.push(held);
    else taker(held);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    nextRequest: () => {
      const first = arrived.shift();
      return first === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(first);
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** GET with node:http, one connection per request, cancelled by `signal`. */
function httpGet(url: string, signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, ...(signal === undefined ? {} : { signal }) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Records whether a promise settled yet, without awaiting it. */
function track<T>(promise: Promise<T>): { readonly settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled };
}

/** What a loader saw during one call: its signal and how its own upstream request ended. */
interface LoaderCall {
  readonly signal: AbortSignal | undefined;
  readonly outcome: Promise<{ ok: true; body: string } | { ok: false; error: unknown }>;
}

function recordCall(calls: LoaderCall[], signal: AbortSignal | undefined, request: Promise<string>): Promise<string> {
  calls.push({
    signal,
    outcome: request.then(
      (body) => ({ ok: true as const, body }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  });
  return request;
}

noUnhandledRejections();

let server: HangingServer;

beforeEach(async () => {
  useFreshMetricsRegistry();
  server = await startHangingServer();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});

afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

describe('timeoutMs with a real upstream that never answers', () => {
  test('a non-critical call settles with a fresh fallback, aborts its signal with a DependencyTimeoutError, and closes the upstream socket', async () => {
    const calls: LoaderCall[] = [];
    const shopping = fieldDependency(Map, { owner: 'shopping', name: 'timeout-http-fallback', timeoutMs: 150 })(
      async (pinIds: readonly string[]): Promise<Map<string, string>> => {
        const signal = currentSignal();
        const body = await recordCall(calls, signal, httpGet(server.url(`/shopping?ids=${pinIds.join(',')}`), signal));
        return new Map([[pinIds[0] ?? '', body]]);
      },
    );

    const result = shopping(['p1']);
    const progress = track(result);
    const held = await server.nextRequest();
    expect(held.path).toBe('/shopping?ids=p1');

    await vi.advanceTimersByTimeAsync(149);
    expect(progress.settled()).toBe(false);
    expect(calls[0]?.signal?.aborted).toBe(false);
    expect(held.isClosed()).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    const value = await result;
    expect(value).toBeInstanceOf(Map);
    expect(value.size).toBe(0);

    const signal = calls[0]?.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(DependencyTimeoutError);
    expect(isDependencyTimeoutError(signal?.reason)).toBe(true);
    expect(signal?.reason).toMatchObject({ field: 'timeout-http-fallback', timeoutMs: 150, code: 'ERR_FIELD_DEPENDENCY_TIMEOUT' });

    // The server sees the connection go away: the upstream request really was cancelled.
    await held.closed;
    expect(held.isClosed()).toBe(true);
    // The loader's own request failed with the abort, and nobody is left holding an unhandled rejection.
    const outcome = await calls[0]?.outcome;
    expect(outcome).toMatchObject({ ok: false, error: { name: 'AbortError' } });
  });

  test('every timed-out call gets its own fresh fallback, never a shared object', async () => {
    const load = fieldDependency(Map, { owner: 'shopping', name: 'timeout-http-fresh', timeoutMs: 100, breaker: false })(
      async (): Promise<Map<string, string>> => new Map([['k', await httpGet(server.url('/fresh'), currentSignal())]]),
    );
    const first = load();
    const second = load();
    await server.nextRequest();
    await server.nextRequest();
    await vi.advanceTimersByTimeAsync(100);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(new Map());
    expect(b).toEqual(new Map());
    expect(a).not.toBe(b);
  });

  test('a critical call rejects with FieldDependencyError reason timeout, and fetch is cancelled on the server', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const images = fieldDependency(Array, { owner: 'images', name: 'timeout-http-critical', critical: true, timeoutMs: 200 })(
      async (pinIds: readonly string[]): Promise<string[]> => {
        const signal = currentSignal();
        signals.push(signal);
        const response = await fetch(server.url(`/images?ids=${pinIds.join(',')}`), signal === undefined ? {} : { signal });
        return [await response.text()];
      },
    );

    const result = images(['p1', 'p2']);
    const rejection = result.then(
      () => undefined,
      (error: unknown) => error,
    );
    const held = await server.nextRequest();
    expect(held.path).toBe('/images?ids=p1,p2');

    await vi.advanceTimersByTimeAsync(200);
    const error = await rejection;
    expect(isFieldDependencyError(error)).toBe(true);
    const failure = error as FieldDependencyError;
    expect(failure.reason).toBe('timeout');
    expect(failure.code).toBe('ERR_FIELD_DEPENDENCY_TIMEOUT');
    expect(failure.field).toBe('timeout-http-critical');
    expect(failure.owner).toBe('images');
    expect(failure.cause).toBeInstanceOf(DependencyTimeoutError);
    expect(signals[0]?.reason).toBe(failure.cause);

    await held.closed;
    expect(held.isClosed()).toBe(true);
  });

  test('a concurrent call of another dependency with a longer timeout is not aborted and gets its data', async () => {
    const calls: { short: LoaderCall[]; long: LoaderCall[] } = { short: [], long: [] };
    const declare = (name: 'short' | 'long', timeoutMs: number) =>
      fieldDependency(Object, { owner: 'pins', name: `timeout-http-${name}`, timeoutMs })(async (): Promise<Record<string, string>> => {
        const signal = currentSignal();
        return { body: await recordCall(calls[name], signal, httpGet(server.url(`/${name}`), signal)) };
      });
    const short = declare('short', 100);
    const long = declare('long', 1_000);

    const shortResult = short();
    const longResult = long();
    const longProgress = track(longResult);
    const requests = [await server.nextRequest(), await server.nextRequest()];
    const heldShort = requests.find((request) => request.path === '/short')!;
    const heldLong = requests.find((request) => request.path === '/long')!;

    await vi.advanceTimersByTimeAsync(100);
    expect(await shortResult).toEqual({});
    await heldShort.closed;
    expect(calls.short[0]?.signal?.aborted).toBe(true);

    expect(calls.long[0]?.signal?.aborted).toBe(false);
    expect(heldLong.isClosed()).toBe(false);
    expect(longProgress.settled()).toBe(false);

    heldLong.response.end('long data');
    expect(await longResult).toEqual({ body: 'long data' });
    expect(calls.long[0]?.signal?.aborted).toBe(false);
  });

  test('calls of the same dependency are timed one by one: a later call survives an earlier call timing out', async () => {
    const calls: LoaderCall[] = [];
    const comments = fieldDependency([null], { owner: 'comments', name: 'timeout-http-per-call', timeoutMs: 100 })(
      async (ids: readonly string[]): Promise<(string | null)[]> => {
        const signal = currentSignal();
        const body = await recordCall(calls, signal, httpGet(server.url(`/comments/${ids.join(',')}`), signal));
        return ids.map((id) => `${id}:${body}`);
      },
    );

    const early = comments(['a']);
    const heldEarly = await server.nextRequest();
    await vi.advanceTimersByTimeAsync(60);
    const late = comments(['b']);
    const heldLate = await server.nextRequest();
    expect([heldEarly.path, heldLate.path]).toEqual(['/comments/a', '/comments/b']);

    await vi.advanceTimersByTimeAsync(40);
    expect(await early).toEqual([null]);
    await heldEarly.closed;
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(calls[1]?.signal?.aborted).toBe(false);
    expect(calls[0]?.signal).not.toBe(calls[1]?.signal);
    expect(heldLate.isClosed()).toBe(false);

    heldLate.response.end('ok');
    expect(await late).toEqual(['b:ok']);
  });

  test('a timeout is recorded as a timeout degradation of the request', async () => {
    const load = fieldDependency(Set, { owner: 'boards', name: 'timeout-http-scope', timeoutMs: 50 })(
      async (): Promise<Set<string>> => new Set([await httpGet(server.url('/scope'), currentSignal())]),
    );
    const seen = degradationScope(
      async () => {
        const pending = load();
        await server.nextRequest();
        await vi.advanceTimersByTimeAsync(50);
        const value = await pending;
        return { value, degradations: currentDegradations() };
      },
      { endpoint: '/v3/boards/:id' },
    );
    const { value, degradations } = await seen;
    expect(value).toEqual(new Set());
    expect(degradations).toEqual([{ field: 'timeout-http-scope', owner: 'boards', reason: 'timeout' }]);
  });
});

describe('timeout timers and signals', () => {
  test('no timer is left behind after a loader resolves or rejects in time', async () => {
    expect(vi.getTimerCount()).toBe(0);
    let answer: (value: Map<string, number>) => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const load = fieldDependency(Map, { owner: 'shopping', name: 'timeout-timers-cleared', timeoutMs: 5_000, breaker: false })(
      (): Promise<Map<string, number>> =>
        new Promise((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
    );

    const resolved = load();
    expect(vi.getTimerCount()).toBe(1);
    answer(new Map([['a', 1]]));
    expect(await resolved).toEqual(new Map([['a', 1]]));
    expect(vi.getTimerCount()).toBe(0);

    const rejected = load();
    expect(vi.getTimerCount()).toBe(1);
    fail(new Error('upstream said no'));
    expect(await rejected).toEqual(new Map());
    expect(vi.getTimerCount()).toBe(0);
  });

  test('with a breaker, the call adds no timer beyond the breaker’s own', async () => {
    const load = fieldDependency(Object, { owner: 'shopping', name: 'timeout-timers-breaker', timeoutMs: 5_000 })(
      async (): Promise<Record<string, number>> => ({ a: 1 }),
    );
    const baseline = vi.getTimerCount();
    expect(await load()).toEqual({ a: 1 });
    expect(vi.getTimerCount()).toBe(baseline);
  });

  test('a sync loader with timeoutMs stays sync and starts no timer', () => {
    const load = fieldDependency(Number, { owner: 'counts', name: 'timeout-sync', timeoutMs: 10, breaker: false })((): number => 7);
    expect(load()).toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a loader that rejects after its timeout causes no unhandled rejection', async () => {
    await expectNoUnhandledRejections(async () => {
      let fail: (error: unknown) => void = () => {};
      const load = fieldDependency(null, { owner: 'boards', name: 'timeout-late-rejection', timeoutMs: 30, breaker: false })(
        (): Promise<string | null> => new Promise((_resolve, reject) => (fail = reject)),
      );
      const result = load();
      await vi.advanceTimersByTimeAsync(30);
      expect(await result).toBeNull();
      fail(new Error('too late'));
    });
  });

  test('a value that arrives after the timeout does not replace the fallback', async () => {
    let answer: (value: string[]) => void = () => {};
    const load = fieldDependency(Array, { owner: 'boards', name: 'timeout-late-value', timeoutMs: 30, breaker: false })(
      (): Promise<string[]> => new Promise((resolve) => (answer = resolve)),
    );
    const result = load();
    await vi.advanceTimersByTimeAsync(30);
    const value = await result;
    answer(['late']);
    await Promise.resolve();
    expect(value).toEqual([]);
  });

  test('currentSignal() is undefined outside a call and inside a call without timeoutMs', async () => {
    expect(currentSignal()).toBeUndefined();
    let seen: AbortSignal | undefined | 'not called' = 'not called';
    const load = fieldDependency(Array, { owner: 'boards', name: 'timeout-no-signal', breaker: false })(async (): Promise<number[]> => {
      seen = currentSignal();
      return [1];
    });
    expect(await load()).toEqual([1]);
    expect(seen).toBeUndefined();
  });

  test('the signal stays available after the loader awaits, and is the same one the timeout aborts', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const load = fieldDependency(Array, { owner: 'boards', name: 'timeout-signal-async', timeoutMs: 20, breaker: false })(
      async (): Promise<number[]> => {
        seen.push(currentSignal());
        await Promise.resolve();
        seen.push(currentSignal());
        return new Promise<number[]>(() => {});
      },
    );
    const result = load();
    await Promise.resolve();
    await Promise.resolve();
    await vi.advanceTimersByTimeAsync(20);
    expect(await result).toEqual([]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]?.aborted).toBe(true);
  });

  test('a signal first asked for after the timeout is already aborted, with the same DependencyTimeoutError', async () => {
    let late: AbortSignal | undefined;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const load = fieldDependency(Array, { owner: 'boards', name: 'timeout-signal-late', timeoutMs: 20, breaker: false })(
      async (): Promise<number[]> => {
        await gate;
        late = currentSignal();
        return [1];
      },
    );
    const result = load();
    await vi.advanceTimersByTimeAsync(20);
    expect(await result).toEqual([]);
    open();
    await vi.waitFor(() => expect(late).toBeDefined());
    expect(late?.aborted).toBe(true);
    expect(isDependencyTimeoutError(late?.reason)).toBe(true);
    expect(late?.reason).toMatchObject({ field: 'timeout-signal-late', timeoutMs: 20 });
  });
});
