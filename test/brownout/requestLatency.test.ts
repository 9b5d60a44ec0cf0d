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
import { requestEnded, takeLatencyPercentile } from '../../src/brownout/requestLatencies.js';
import type { RequestRecord } from '../../src/scope/RequestRecord.js';

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
});
