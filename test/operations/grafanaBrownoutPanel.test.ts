/**
 * The dashboard's "Brownout: health signals vs targets" panel against a real Prometheus (Debian's
 * /usr/bin/prometheus) scraping this process's registry over HTTP on 127.0.0.1, with brownout configured
 * through `configure({ brownout })` and one synthetic health sample: the panel's queries plot each signal
 * and the target the process publishes, with no variable to type; once brownout is turned off, the
 * targets are gone from the scrape.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, shutdownFieldDependencies } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { applyHealthSample } from '../../src/brownout/brownoutInUse.js';
import { queryPrometheus } from '../../cli/report/queryPrometheus.js';
import { dashboardExpressions, substituteVariables, TEST_VARIABLE_VALUES } from './support/dashboardQueries.js';
import { eventually } from './support/eventually.js';
import { startHttpServer, type TestHttpServer } from './support/httpServer.js';
import { DASHBOARD } from './support/paths.js';
import { startPrometheus, type PrometheusServer } from './support/prometheusServer.js';
import { temporaryDirectories } from './support/temporaryDirectory.js';

const PANEL = 'Brownout: health signals vs targets';
const directories = temporaryDirectories('field-dependency-brownout-panel');
let registry: Registry;
let exporter: TestHttpServer | undefined;
let prometheus: PrometheusServer | undefined;

beforeAll(async () => {
  registry = useFreshMetricsRegistry();
  // an interval the sampler's own tick never reaches during the test: the one sample is the synthetic one
  configure({ brownout: { targetLatencyMs: 250, maxEventLoopDelayMs: 80, intervalMs: 60_000 } });
  applyHealthSample({ latencyMs: 300, eventLoopDelayMs: 20, eventLoopUtilization: 0.75 });
  exporter = await startHttpServer(async (_request, response) => {
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  prometheus = await startPrometheus({ directory: directories.create(), ruleFiles: [], target: new URL(exporter.url).host });
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
  shutdownFieldDependencies();
  directories.removeAll();
}, 30_000);

/** The panel's queries, the variables substituted as Grafana would. */
function panelQueries(): string[] {
  const dashboard: unknown = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  return dashboardExpressions(dashboard)
    .filter(({ where }) => where.endsWith(`(${PANEL})`))
    .map(({ expr }) => substituteVariables(expr, TEST_VARIABLE_VALUES));
}

describe('the brownout signals panel against a real Prometheus scraping a process with brownout configured', { timeout: 30_000 }, () => {
  it('plots each signal and the target the process publishes, per job and signal (the utilisation on its own axis, as a share)', async () => {
    const [signals, targets, shareSignals, shareTargets] = panelQueries();
    expect(shareTargets).toBeDefined();
    const series = async (promql: string) =>
      Object.fromEntries((await queryPrometheus((prometheus as PrometheusServer).url, promql, 5_000)).map(({ labels, value }) => [`${labels.job}/${labels.signal}`, value]));
    await eventually(async () => {
      expect(await series(signals as string)).toEqual({ 'pins-api/request_latency': 0.3, 'pins-api/event_loop_delay': 0.02 });
      expect(await series(targets as string)).toEqual({ 'pins-api/request_latency': 0.25, 'pins-api/event_loop_delay': 0.08 });
      expect(await series(shareSignals as string)).toEqual({ 'pins-api/event_loop_utilization': 0.75 });
      expect(await series(shareTargets as string)).toEqual({ 'pins-api/event_loop_utilization': 0.9 });
    });
  });

  it('publishes no target once brownout is turned off', async () => {
    configure({ brownout: false });
    expect(await registry.metrics()).not.toContain('brownout_target');
    configure({ brownout: { maxEventLoopDelayMs: 40, intervalMs: 60_000 } });
    // without targetLatencyMs, only the event-loop delay has a target
    const [, targets] = panelQueries();
    await eventually(async () => {
      const samples = await queryPrometheus((prometheus as PrometheusServer).url, targets as string, 5_000);
      expect(samples.map(({ labels, value }) => [labels.signal, value])).toEqual([['event_loop_delay', 0.04]]);
    });
  });
});
