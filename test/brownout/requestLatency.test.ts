/**
 * The controller's latency signal: each integration records a request's latency, from its start to the end
 * of its response, while brownout is on, and only then. Real servers on 127.0.0.1; a handler that waits
 * 30 ms gives a lower bound, never an upper one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { configure, degradationScope, fieldDependencyExpress, fieldDependencyFastify } from 'field-dependency';
import { intervalHasRequests, requestEnded, requestsInFlight, resetStaleRequestCount, staleRequestCount, takeLatencyPercentile, unmeasured } from '../../src/brownout/requestLatencies.js';
import { RequestRecord } from '../../src/scope/RequestRecord.js';

const WAIT_MS = 30;

afterEach(() => {
  configure({ brownout: false });
});

async function expressServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(fieldDependencyExpress());
  app.get('/slow', async (_req, res) => {
    await sleep(WAIT_MS);
    res.send('ok');
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function fastifyServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(fieldDependencyFastify);
  app.get('/slow', async () => {
    await sleep(WAIT_MS);
    return 'ok';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/slow`, close: () => app.close() };
}

describe('request latency, as the brownout controller sees it', () => {
  for (const [name, start] of [
    ['the Express middleware', expressServer],
    ['the Fastify plugin', fastifyServer],
  ] as const) {
    it(`${name} records each request until its response ends, only while brownout is on`, async () => {
      const server = await start();
      try {
        takeLatencyPercentile(100);
        expect(await (await fetch(server.url)).text()).toBe('ok');
        expect(takeLatencyPercentile(100)).toBeUndefined();
        configure({ brownout: { targetLatencyMs: 1000, intervalMs: 60_000 } });
        for (let index = 0; index < 3; index++) expect(await (await fetch(server.url)).text()).toBe('ok');
        // Recorded once the response is sent: poll briefly for the last one.
        let slowest: number | undefined;
        for (let attempt = 0; attempt < 50 && slowest === undefined; attempt++) {
          await sleep(10);
          slowest = takeLatencyPercentile(100);
        }
        expect(slowest).toBeGreaterThanOrEqual(WAIT_MS - 1);
      } finally {
        await server.close();
      }
    });
  }

  it('degradationScope records until its promise settles, a rejection and a throw included', async () => {
    configure({ brownout: { intervalMs: 60_000 } });
    await degradationScope(() => sleep(WAIT_MS), { endpoint: '/slow' });
    expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(WAIT_MS - 1);
    await expect(degradationScope(() => sleep(WAIT_MS).then(() => Promise.reject(new Error('late'))), { endpoint: '/slow' })).rejects.toThrow('late');
    expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(WAIT_MS - 1);
    expect(() =>
      degradationScope(
        () => {
          throw new Error('at once');
        },
        { endpoint: '/slow' },
      ),
    ).toThrow('at once');
    expect(takeLatencyPercentile(100)).toBeGreaterThanOrEqual(0);
    expect(takeLatencyPercentile(100)).toBeUndefined();
  });

  it('takes the percentile of the interval, then starts a new one; past 4096 requests, of a uniform sample', () => {
    takeLatencyPercentile(100);
    // A fixed clock: a real one may read less than 1000 ms in a young worker, and a negative start means "not measured".
    const now = vi.spyOn(performance, 'now').mockReturnValue(5000);
    onTestFinished(() => now.mockRestore());
    const ended = (latencyMs: number): void => requestEnded({ startedAt: 5000 - latencyMs } as RequestRecord);
    for (let latencyMs = 100; latencyMs >= 1; latencyMs--) ended(latencyMs);
    const p90 = takeLatencyPercentile(90) as number;
    expect(p90).toBeGreaterThanOrEqual(90);
    expect(p90).toBeLessThan(91);
    expect(takeLatencyPercentile(90)).toBeUndefined();
    // 10,000 fast requests, then 10,000 slow ones: the sample keeps both halves, not only the first 4096.
    const fastThenSlow = (): void => {
      for (let index = 0; index < 20_000; index++) ended(index < 10_000 ? 10 : 1000);
    };
    fastThenSlow();
    expect(takeLatencyPercentile(75)).toBeGreaterThanOrEqual(1000);
    fastThenSlow();
    expect(takeLatencyPercentile(25)).toBeLessThan(11);
    // A record not measured (brownout off when it started), or already recorded, adds nothing.
    requestEnded({ startedAt: -1 } as RequestRecord);
    expect(takeLatencyPercentile(100)).toBeUndefined();
  });

  describe('requests still in flight', () => {
    /** A clock the test moves; brownout on (its own timer never fires), the interval beginning at `startMs`. */
    function clockAt(startMs: number): (ms: number) => void {
      const now = vi.spyOn(performance, 'now').mockReturnValue(startMs);
      onTestFinished(() => now.mockRestore());
      configure({ brownout: { targetLatencyMs: 100, intervalMs: 60_000 } });
      return (ms) => now.mockReturnValue(ms);
    }

    it('make an interval one with requests (for the utilisation signal) once they are older than it, as an ended request does at once', () => {
      const setNow = clockAt(1000);
      expect(intervalHasRequests()).toBe(false);
      setNow(1100);
      const waiting = new RequestRecord('/pins');
      // Started in this interval: the next percentile would not count it yet.
      expect(intervalHasRequests()).toBe(false);
      setNow(2000);
      expect(takeLatencyPercentile(90)).toBeUndefined();
      expect(intervalHasRequests()).toBe(true);
      setNow(2100);
      requestEnded(waiting);
      expect(intervalHasRequests()).toBe(true);
      expect(takeLatencyPercentile(90)).toBe(1000);
      expect(intervalHasRequests()).toBe(false);
    });

    it('count at their age when they started before the interval began: a pile-up pushes the percentile above the target', () => {
      const setNow = clockAt(1000);
      setNow(1100);
      const waiting = Array.from({ length: 8 }, () => new RequestRecord('/pins'));
      expect(requestsInFlight()).toBe(8);
      // Started in this interval, still in flight: not counted yet (their age says little so far).
      setNow(2000);
      expect(takeLatencyPercentile(90)).toBeUndefined();
      // The next interval: two fast answers, one more request started; the eight are still waiting.
      setNow(2040);
      const fast = [new RequestRecord('/pins'), new RequestRecord('/pins')];
      const young = new RequestRecord('/pins');
      setNow(2050);
      for (const record of fast) requestEnded(record);
      setNow(3000);
      // Ended only, the p90 would be 10 ms; with the eight waiting for 1900 ms it is 1900 ms (a lower bound).
      expect(takeLatencyPercentile(90)).toBe(1900);
      expect(requestsInFlight()).toBe(9);
      // Still in flight at the next sample: counted again, older; the young one too, now a whole interval old.
      setNow(4000);
      expect(takeLatencyPercentile(100)).toBe(2900);
      for (const record of [...waiting, young]) requestEnded(record);
      expect(requestsInFlight()).toBe(0);
      expect(takeLatencyPercentile(100)).toBe(2900);
    });

    it('are counted a last time, then forgotten, once in flight for `staleAfterMs` (an end never observed cannot leak nor keep the level up)', () => {
      resetStaleRequestCount();
      const setNow = clockAt(1000);
      setNow(1001);
      const hung = new RequestRecord('/hung');
      setNow(1500);
      expect(takeLatencyPercentile(100, 1000)).toBeUndefined();
      setNow(2000);
      const recent = new RequestRecord('/pins');
      setNow(3500);
      // `hung` is 2499 ms old, past the bound of 1000: counted, then dropped; `recent` started in the interval.
      expect(takeLatencyPercentile(100, 1000)).toBe(2499);
      expect(requestsInFlight()).toBe(1);
      // counted as stale (field_dependency_brownout_stale_requests_total), so the drop is observable
      expect(staleRequestCount()).toBe(1);
      setNow(9000);
      expect(takeLatencyPercentile(100, 1000)).toBe(7000);
      expect(requestsInFlight()).toBe(0);
      expect(takeLatencyPercentile(100, 1000)).toBeUndefined();
      // Their end, seen at last, adds nothing.
      requestEnded(hung);
      requestEnded(recent);
      expect(takeLatencyPercentile(100, 1000)).toBeUndefined();
      expect(staleRequestCount()).toBe(2);
    });

    it('looks at the 4096 oldest at most per sample', () => {
      const setNow = clockAt(1000);
      setNow(1001);
      for (let index = 0; index < 5000; index++) new RequestRecord('/pins');
      setNow(2000);
      expect(takeLatencyPercentile(100, 1000)).toBeUndefined();
      setNow(3000);
      expect(takeLatencyPercentile(100, 1000)).toBe(1999);
      expect(requestsInFlight()).toBe(5000 - 4096);
      expect(takeLatencyPercentile(100, 1000)).toBe(1999);
      expect(requestsInFlight()).toBe(0);
    });

    it('are forgotten when brownout is turned off, and are never kept while it is off or for an unmeasured scope', () => {
      const setNow = clockAt(1000);
      setNow(1001);
      const started = new RequestRecord('/pins');
      const subscriptionEvent = unmeasured(new RequestRecord('onComment'));
      expect(subscriptionEvent.startedAt).toBe(-1);
      expect(requestsInFlight()).toBe(1);
      configure({ brownout: false });
      expect(requestsInFlight()).toBe(0);
      expect(started.startedAt).toBe(-1);
      new RequestRecord('/pins');
      expect(requestsInFlight()).toBe(0);
      configure({ brownout: { targetLatencyMs: 100, intervalMs: 60_000 } });
      setNow(5000);
      requestEnded(started);
      expect(takeLatencyPercentile(100)).toBeUndefined();
    });
  });
});
