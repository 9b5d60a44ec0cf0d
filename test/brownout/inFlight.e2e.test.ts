/**
 * The latency signal sees the requests still waiting, end to end: a real Fastify (and Express) server on
 * 127.0.0.1 whose handler awaits a slow upstream (a second server that holds every request until released;
 * the event loop stays idle), and clients that give up. The level must rise while requests pile up, although
 * none ends and the event-loop delay (given a ceiling it cannot reach) says nothing; every record must be gone
 * once the clients abort. Short controller interval; generous polling; no timing asserts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { configure, fieldDependencyExpress, fieldDependencyFastify } from 'field-dependency';
import { lastHealthSample } from '../../src/brownout/brownoutInUse.js';
import { brownout } from '../../src/brownout/brownoutState.js';
import { requestsInFlight } from '../../src/brownout/requestLatencies.js';

const TARGET_MS = 50;

afterEach(() => {
  configure({ brownout: false });
});

/** Polls `condition` every 20 ms for up to 20 s. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    if (condition()) return;
    await sleep(20);
  }
  throw new Error(`not reached within 20 s: ${what} (level ${brownout.level}, ${requestsInFlight()} in flight, last sample ${JSON.stringify(lastHealthSample())})`);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An upstream that answers nobody until `release()`. */
async function heldUpstream(): Promise<{ url: string; held(): number; release(): void }> {
  const waiting: ServerResponse[] = [];
  let released = false;
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => (released ? res.end('late') : waiting.push(res)));
  const url = await listen(server);
  const release = (): void => {
    released = true;
    for (const res of waiting.splice(0)) res.end('late');
  };
  onTestFinished(release);
  return { url, held: () => waiting.length, release };
}

async function fastifyApi(upstream: string): Promise<string> {
  const app = Fastify();
  await app.register(fieldDependencyFastify);
  app.get('/pins', async () => (await fetch(upstream)).text());
  await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => app.close());
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/pins`;
}

async function expressApi(upstream: string): Promise<string> {
  const app = express();
  app.use(fieldDependencyExpress());
  app.get('/pins', async (_req, res) => {
    res.send(await (await fetch(upstream)).text());
  });
  return `${await listen(createServer(app))}/pins`;
}

describe('requests piling up behind a slow upstream', () => {
  for (const [name, api] of [
    ['Fastify', fastifyApi],
    ['Express', expressApi],
  ] as const) {
    it(`${name}: raise the level while none ends, and leave no record once their clients abort`, async () => {
      const upstream = await heldUpstream();
      const url = await api(upstream.url);
      const send = (clients: readonly AbortController[]): Promise<string[]> =>
        Promise.all(clients.map((client) => fetch(url, { signal: client.signal }).then(() => 'answered', () => 'aborted')));
      // The event-loop delay can never reach its ceiling here: only the requests' latency can raise the level.
      configure({ brownout: { targetLatencyMs: TARGET_MS, intervalMs: 100, maxEventLoopDelayMs: 60_000 } });
      const piledUp = Array.from({ length: 20 }, () => new AbortController());
      const piledUpAnswers = send(piledUp);
      await eventually(() => upstream.held() === piledUp.length, 'every request waiting at the upstream');
      await eventually(() => brownout.level > 0, 'the level above 0 while the requests wait');
      expect(lastHealthSample()?.latencyMs).toBeGreaterThan(TARGET_MS);
      for (const client of piledUp) client.abort();
      expect(new Set(await piledUpAnswers)).toEqual(new Set(['aborted']));
      await eventually(() => requestsInFlight() === 0, 'no request in flight once their clients aborted');
      // A target of a minute: none is forgotten as stale (10 × the target) during the test, only by its end.
      configure({ brownout: { targetLatencyMs: 60_000, intervalMs: 100, maxEventLoopDelayMs: 60_000 } });
      const waiting = Array.from({ length: 20 }, () => new AbortController());
      const waitingAnswers = send(waiting);
      await eventually(() => upstream.held() === piledUp.length + waiting.length, 'the second requests waiting at the upstream');
      expect(requestsInFlight()).toBe(waiting.length);
      for (const client of waiting) client.abort();
      expect(new Set(await waitingAnswers)).toEqual(new Set(['aborted']));
      await eventually(() => requestsInFlight() === 0, 'the aborted requests forgotten while their handlers still wait');
      expect(upstream.held()).toBe(piledUp.length + waiting.length);
      // The handlers finish later, into closed sockets: nothing comes back.
      upstream.release();
      await sleep(50);
      expect(requestsInFlight()).toBe(0);
    });
  }
});
