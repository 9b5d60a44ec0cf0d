/**
 * The OpenTelemetry path end to end: the instrumentation's instruments exported by
 * `@opentelemetry/exporter-prometheus` and the prom-client metrics, both scraped by a real Prometheus
 * (Debian's /usr/bin/prometheus), agree on every count. The queries are the mapping docs/opentelemetry.md
 * gives the operations kit.
 */
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { disableDependency, fieldDependency, shutdownFieldDependencies } from 'field-dependency';
import { FieldDependencyInstrumentation } from 'field-dependency/opentelemetry';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { queryPrometheus } from '../../cli/report/queryPrometheus.js';
import { eventually } from '../operations/support/eventually.js';
import { startHttpServer, type TestHttpServer } from '../operations/support/httpServer.js';
import { startPrometheus, type PrometheusServer } from '../operations/support/prometheusServer.js';
import { temporaryDirectories } from '../operations/support/temporaryDirectory.js';

const directories = temporaryDirectories('field-dependency-otel-prometheus');
const exporter = new PrometheusExporter({ preventServerStart: true });
const meterProvider = new MeterProvider({ readers: [exporter] });
const instrumentation = new FieldDependencyInstrumentation({ enabled: false });
let registry: Registry;
let promClient: TestHttpServer | undefined;
let otel: TestHttpServer | undefined;
let prometheus: PrometheusServer | undefined;

/** The calls made: images fails every third of 20 calls (6), 3 more are refused by hand; comments succeeds 12 times. */
async function makeCalls(): Promise<void> {
  let call = 0;
  const images = fieldDependency([null], { owner: 'media', name: 'images', breaker: false })(async (ids: readonly string[]): Promise<(string | null)[]> => {
    if (++call % 3 === 0) throw new Error('images down');
    return ids.map((id) => `${id}.png`);
  });
  const comments = fieldDependency(Array, { owner: 'comments', name: 'comments' })(async (_ids: readonly string[]): Promise<string[]> => ['nice']);
  for (let index = 0; index < 20; index++) await images([`pin${index}`]);
  for (let index = 0; index < 12; index++) await comments(['pin']);
  disableDependency('images', 'media');
  for (let index = 0; index < 3; index++) await images(['pin']);
}

beforeAll(async () => {
  registry = useFreshMetricsRegistry();
  instrumentation.setMeterProvider(meterProvider);
  instrumentation.enable();
  await makeCalls();
  promClient = await startHttpServer(async (_request, response) => {
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  otel = await startHttpServer((request, response) => exporter.getMetricsRequestHandler(request, response));
  prometheus = await startPrometheus({
    directory: directories.create(),
    labelledTargets: [
      { target: new URL(promClient.url).host, labels: { source: 'prom-client' } },
      { target: new URL(otel.url).host, labels: { source: 'otel' } },
    ],
    ruleFiles: [],
  });
}, 60_000);

afterAll(async () => {
  instrumentation.disable();
  await prometheus?.stop();
  await promClient?.close();
  await otel?.close();
  await meterProvider.shutdown();
  shutdownFieldDependencies();
  directories.removeAll();
});

/** `promql`'s samples as `label value → value`, once Prometheus has them. */
async function byLabel(promql: string, label: string): Promise<Record<string, number>> {
  const samples = await queryPrometheus((prometheus as PrometheusServer).url, promql, 5_000);
  return Object.fromEntries(samples.map(({ labels, value }) => [labels[label] ?? '', value]));
}

it('counts the same degradations per reason in the prom-client metrics and the OpenTelemetry counter', async () => {
  await eventually(async () => {
    const fromPromClient = await byLabel('sum by (reason) (field_dependency_degradations_total{source="prom-client",field="images",owner="media"}) > 0', 'reason');
    const fromOtel = await byLabel(
      'sum by (error_type) (field_dependency_call_degradations_total{source="otel",field_dependency_field="images",field_dependency_owner="media"})',
      'error_type',
    );
    expect(fromPromClient).toEqual({ error: 6, disabled: 3 });
    expect(fromOtel).toEqual(fromPromClient);
  }, { timeoutMs: 10_000 });
});

it('counts the same calls per outcome: calls_total against the duration histogram\'s count', async () => {
  await eventually(async () => {
    const fromPromClient = await byLabel('sum by (outcome) (field_dependency_calls_total{source="prom-client"}) > 0', 'outcome');
    const fromOtel = await byLabel('sum by (field_dependency_outcome) (field_dependency_call_duration_count{source="otel"})', 'field_dependency_outcome');
    expect(fromPromClient).toEqual({ success: 26, degraded: 9 });
    expect(fromOtel).toEqual(fromPromClient);
  }, { timeoutMs: 10_000 });
});

it('exports the breaker state and the decider value under the names the docs give', async () => {
  await eventually(async () => {
    expect(await byLabel('field_dependency_breaker_state{source="otel"}', 'field_dependency_field')).toEqual({ comments: 0 });
    expect(await byLabel('field_dependency_decider_percent{source="otel"}', 'field_dependency_field')).toEqual({ comments: 100, images: 100 });
  }, { timeoutMs: 10_000 });
});
