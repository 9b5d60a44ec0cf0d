import type { Registry } from 'prom-client';
import { Counter, Registry as PromRegistry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fieldDependency, shutdownFieldDependencies } from 'field-dependency';
import { injectFault, resetFieldDependencies, useFreshMetricsRegistry } from 'field-dependency/testing';
import { reportFromScrapes } from '../../cli/report/scrapeReport.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';
import { startHttpServer, type TestHttpServer } from './support/httpServer.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

noUnhandledRejections();

// The service's loaders, each a real field dependency.
const shopping = fieldDependency(Map, { owner: 'shopping', name: 'shopping', breaker: { volumeThreshold: 2, resetTimeout: 600_000 } })(
  async (ids: readonly string[]) => new Map(ids.map((id) => [id, { price: '$1' }])),
);
const merchant = fieldDependency([null], { owner: 'shopping', name: 'merchant', breaker: false })(
  async (ids: readonly string[]): Promise<(string | null)[]> => ids.map(() => 'Acme'),
);
const commentCounts = fieldDependency([null], { owner: 'comments', name: 'commentCounts' })(
  async (ids: readonly string[]): Promise<(number | null)[]> => ids.map(() => 3),
);
const images = fieldDependency(Array, { owner: 'images', name: 'images', critical: true })(async (ids: readonly string[]) => ids.map((id) => `${id}.jpg`));
fieldDependency([null], { owner: 'boards', name: 'board' })(async (ids: readonly string[]) => ids.map(() => null));

/**
 * One round of traffic, which the service makes before answering each scrape, so that the window between
 * two scrapes holds exactly one round: shopping fails every call (its breaker, opened in the first round,
 * sheds the rest), merchant returns one invalid result, comments is healthy, the critical images field
 * fails twice, boards is never called.
 */
async function round(): Promise<void> {
  const restoreShopping = injectFault('shopping', 'error');
  for (let call = 0; call < 4; call++) await shopping(['p1']);
  restoreShopping();
  const restoreMerchant = injectFault('merchant', { kind: 'invalid', value: 'not an array' });
  await merchant(['p1']);
  restoreMerchant();
  for (let call = 0; call < 3; call++) await merchant(['p1']);
  for (let call = 0; call < 4; call++) await commentCounts(['p1']);
  const restoreImages = injectFault('images', 'error');
  for (let call = 0; call < 2; call++) await images(['p1']).catch(() => undefined);
  restoreImages();
  for (let call = 0; call < 2; call++) await images(['p1']);
}

let registry: Registry;
let service: TestHttpServer;
let traffic: () => Promise<void> = round;
beforeAll(async () => {
  service = await startHttpServer(async (request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end('not found');
    await traffic();
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
});
afterAll(async () => {
  await service.close();
  shutdownFieldDependencies();
});
beforeEach(() => {
  registry = useFreshMetricsRegistry();
  traffic = round;
  service.requests.length = 0;
});
afterEach(() => resetFieldDependencies());

describe('field-dependency report --url (two scrapes of a real /metrics endpoint)', () => {
  it('prints one line per owner, the most degraded first, with rates over the interval', async () => {
    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '100ms']);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `Field dependencies by owner, over 0.1s, from ${service.url}/metrics`,
        '',
        'owner     calls/s  degraded  top reasons                                   open breakers  critical failures/s',
        'shopping    80.00     62.5%  breaker_open 40.00/s, invalid_result 10.00/s  shopping                      0.00',
        'images      40.00     50.0%  error 20.00/s                                 -                            20.00',
        'comments    40.00      0.0%  -                                             -                             0.00',
        'boards       0.00         -  -                                             -                             0.00',
        '',
      ].join('\n'),
    );
    expect(service.requests).toEqual(['GET /metrics', 'GET /metrics']);
  });

  it('--format json prints the same report as data', async () => {
    const run = await runCliInProcess(['report', '--url', `${service.url}/metrics`, '--interval', '100ms', '--format', 'json']);

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      source: `${service.url}/metrics`,
      windowSeconds: 0.1,
      owners: [
        {
          owner: 'shopping',
          callsPerSecond: 80,
          degradedRatio: 0.625,
          topReasons: [
            { reason: 'breaker_open', perSecond: 40 },
            { reason: 'invalid_result', perSecond: 10 },
          ],
          openBreakers: ['shopping'],
          criticalFailuresPerSecond: 0,
        },
        { owner: 'images', callsPerSecond: 40, degradedRatio: 0.5, topReasons: [{ reason: 'error', perSecond: 20 }], openBreakers: [], criticalFailuresPerSecond: 20 },
        { owner: 'comments', callsPerSecond: 40, degradedRatio: 0, topReasons: [], openBreakers: [], criticalFailuresPerSecond: 0 },
        { owner: 'boards', callsPerSecond: 0, degradedRatio: null, topReasons: [], openBreakers: [], criticalFailuresPerSecond: 0 },
      ],
      deciders: [],
      shed: [],
      brownout: null,
    });
  });

  it('counts a counter that went down (a restarted service) from zero', async () => {
    let scrapes = 0;
    traffic = async () => {
      if (++scrapes === 1) {
        for (let call = 0; call < 10; call++) await commentCounts(['p1']);
      } else {
        resetFieldDependencies(); // the service restarted: every counter back to zero
        for (let call = 0; call < 3; call++) await commentCounts(['p1']);
      }
    };
    const report = await reportFromScrapes({ url: `${service.url}/metrics`, intervalMs: 1000, wait: async () => undefined });

    expect(report.owners.find((row) => row.owner === 'comments')).toMatchObject({ callsPerSecond: 3, degradedRatio: 0 });
  });

  it('waits the interval between the two scrapes', async () => {
    const waited: number[] = [];
    await reportFromScrapes({ url: `${service.url}/metrics`, intervalMs: 2500, wait: async (milliseconds) => void waited.push(milliseconds) });
    expect(waited).toEqual([2500]);
  });
});

describe('field-dependency report --url: sources it cannot read exit 2, saying why', () => {
  it('an unreachable URL', async () => {
    const closed = await startHttpServer(() => undefined);
    await closed.close();
    const run = await runCliInProcess(['report', '--url', `${closed.url}/metrics`, '--interval', '10ms']);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: cannot reach ${closed.url}/metrics: connect ECONNREFUSED ${closed.url.slice('http://'.length)}\n` });
  });

  it('a server that does not answer in time', async () => {
    const silent = await startHttpServer(() => undefined);
    try {
      const run = await runCliInProcess(['report', '--url', `${silent.url}/metrics`, '--timeout', '150ms']);
      expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: cannot reach ${silent.url}/metrics: no answer within 150 ms\n` });
    } finally {
      await silent.close();
    }
  });

  it('an answer larger than the 64 MiB it reads, streamed without end: it stops there and names the limit', async () => {
    const chunk = Buffer.alloc(1024 * 1024, '# HELP padding\n');
    let sent = 0;
    const endless = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      const write = (): void => {
        while (!response.destroyed && response.write(chunk)) sent += chunk.length;
        if (!response.destroyed) response.once('drain', write);
      };
      write();
    });
    try {
      const run = await runCliInProcess(['report', '--url', `${endless.url}/metrics`, '--timeout', '1m']);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: `field-dependency: the answer of ${endless.url}/metrics is larger than 64 MiB, the most field-dependency reads from one answer; is it a metrics endpoint?\n`,
      });
      expect(sent).toBeLessThan(256 * 1024 * 1024);
    } finally {
      await endless.close();
    }
  });

  it('an answer whose Content-Length is over the limit, without reading it', async () => {
    const large = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': String(3 * 1024 ** 3) });
      response.write('# HELP padding\n');
    });
    try {
      const run = await runCliInProcess(['report', '--url', `${large.url}/metrics`]);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: `field-dependency: the answer of ${large.url}/metrics is larger than 64 MiB, the most field-dependency reads from one answer; is it a metrics endpoint?\n`,
      });
    } finally {
      await large.close();
    }
  });

  it.each([
    ['an HTTP error', (url: string) => `${url}/nothing-here`, (url: string) => `${url}/nothing-here answered HTTP 404 Not Found: not a Prometheus metrics endpoint`],
    ['an HTML page', (url: string) => `${url}/html`, (url: string) => `${url}/html answered text/html, not the Prometheus text format: is it the /metrics endpoint?`],
    ['JSON', (url: string) => `${url}/json`, (url: string) => `${url}/json answered application/json, not the Prometheus text format: is it the /metrics endpoint?`],
    ['plain text that is not an exposition', (url: string) => `${url}/text`, (url: string) => `${url}/text did not answer in the Prometheus text format (line 1 is not a metric sample: "OK, all good")`],
    [
      'an exposition without field_dependency_* metrics',
      (url: string) => `${url}/other-metrics`,
      (url: string) =>
        `${url}/other-metrics exposes no field_dependency_* metrics (1 other samples): is a fieldDependency loader declared, and does this endpoint serve the registry configure() publishes on?`,
    ],
  ])('%s', async (_case, target, message) => {
    const other = new PromRegistry();
    new Counter({ name: 'http_requests_total', help: 'requests', registers: [other] }).inc();
    const server = await startHttpServer(async (request, response) => {
      if (request.url === '/html') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Grafana</title>');
      else if (request.url === '/json') response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      else if (request.url === '/text') response.writeHead(200, { 'content-type': 'text/plain' }).end('OK, all good\n');
      else if (request.url === '/other-metrics') response.writeHead(200, { 'content-type': other.contentType }).end(await other.metrics());
      else response.writeHead(404).end('not found');
    });
    try {
      const run = await runCliInProcess(['report', '--url', target(server.url), '--interval', '10ms']);
      expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: ${message(server.url)}\n` });
      expect(server.requests).toHaveLength(1); // it fails on the first scrape, without waiting the interval
    } finally {
      await server.close();
    }
  });
});

describe('field-dependency report: bad usage exits 2, naming the problem', () => {
  it.each([
    [[], "give either --url (a service's /metrics) or --prometheus (a Prometheus server), not neither"],
    [['--url', 'http://127.0.0.1:1/metrics', '--prometheus', 'http://127.0.0.1:1'], "give either --url (a service's /metrics) or --prometheus (a Prometheus server), not both"],
  ])('report %j', async (args, message) => {
    const run = await runCliInProcess(['report', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`field-dependency: ${message}\n`);
    expect(run.stderr).toContain('Usage: field-dependency report');
  });

  it.each([
    [['--url', 'localhost:9100/metrics'], "--url must be an http:// or https:// URL, such as http://127.0.0.1:8080/metrics; received 'localhost:9100/metrics'"],
    [['--prometheus', '127.0.0.1:9090'], "--prometheus must be an http:// or https:// URL, such as http://127.0.0.1:9090; received '127.0.0.1:9090'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--interval', 'ten seconds'], "--interval must be a duration such as 10s, 500ms or 1m; received 'ten seconds'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--interval', '0s'], "--interval must be a duration such as 10s, 500ms or 1m; received '0s'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--timeout', '5'], "--timeout must be a duration such as 10s, 500ms or 1m; received '5'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--interval', '1000h'], "--interval must be between 10ms and 1h; received '1000h'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--interval', '5ms'], "--interval must be between 10ms and 1h; received '5ms'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--timeout', '1000h'], "--timeout must be between 1ms and 10m; received '1000h'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--timeout', '0.1ms'], "--timeout must be between 1ms and 10m; received '0.1ms'"],
    [['--url', 'http://127.0.0.1:1/metrics', '--timeout', '1.5ms'], "--timeout must be a whole number of milliseconds; received '1.5ms'"],
    [['--prometheus', 'http://127.0.0.1:1', '--timeout', '30d'], "--timeout must be between 1ms and 10m; received '30d'"],
    [['--prometheus', 'http://127.0.0.1:1', '--interval', '10s'], '--interval applies to --url only: with --prometheus the rates are over the last 5 minutes'],
    [['--url', 'http://127.0.0.1:1/metrics', '--format', 'csv'], "unknown --format 'csv'; expected one of: text, json"],
  ])('report %j', async (args, message) => {
    const run = await runCliInProcess(['report', ...args]);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `field-dependency: ${message}\n` });
  });

  it('an unknown option, with the usage', async () => {
    const run = await runCliInProcess(['report', '--owner', 'shopping']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^field-dependency: Unknown option '--owner'/);
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runCliInProcess(['report', '-h']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: field-dependency report --url/);
  });
});
