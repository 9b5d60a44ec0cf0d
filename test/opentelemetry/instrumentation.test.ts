/**
 * `field-dependency/opentelemetry` with the real OpenTelemetry SDK: a MeterProvider read on demand, a
 * tracer provider exporting to memory with the AsyncLocalStorage context manager, and
 * `@opentelemetry/instrumentation-dataloader` patching a real DataLoader, all registered with
 * `registerInstrumentations` as an application does.
 */
import { createRequire } from 'node:module';
import { context, trace, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DataloaderInstrumentation } from '@opentelemetry/instrumentation-dataloader';
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint, type Histogram as HistogramValue } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type DataLoaderType from 'dataloader';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { degradationScope, disableDependency, fieldDependency, isFieldDependencyError, shutdownFieldDependencies } from 'field-dependency';
import { FieldDependencyInstrumentation } from 'field-dependency/opentelemetry';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

/** A reader that collects when asked. */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const reader = new OnDemandReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const instrumentation = new FieldDependencyInstrumentation();
let unregister: () => void;
let DataLoader: typeof DataLoaderType;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  unregister = registerInstrumentations({ instrumentations: [instrumentation, new DataloaderInstrumentation()], meterProvider, tracerProvider });
  // required after the instrumentations are registered, so @opentelemetry/instrumentation-dataloader patches it
  DataLoader = createRequire(import.meta.url)('dataloader') as typeof DataLoaderType;
});

afterAll(async () => {
  unregister();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  context.disable();
  trace.disable();
  shutdownFieldDependencies();
});

beforeEach(() => {
  useFreshMetricsRegistry();
  spans.reset();
});

let sequence = 0;
const uniqueField = (): string => `otel_${++sequence}`;

/** The data points of one instrument in the current collection. */
async function pointsOf(name: string): Promise<DataPoint<unknown>[]> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((candidate) => candidate.descriptor.name === name);
  return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
}

const pointFor = (points: DataPoint<unknown>[], attributes: Attributes): DataPoint<unknown> | undefined =>
  points.find((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value) && Object.keys(point.attributes).length === Object.keys(attributes).length);

describe('FieldDependencyInstrumentation', () => {
  it('is an OpenTelemetry instrumentation named after the package, enabled once registered', () => {
    expect(instrumentation.instrumentationName).toBe('field-dependency');
    expect(instrumentation.instrumentationVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(instrumentation.isEnabled()).toBe(true);
  });

  it('records the call duration histogram in seconds per field, owner and outcome, with error.type when not a success', async () => {
    const field = uniqueField();
    let fail = false;
    const batch = fieldDependency([null], { owner: 'media', name: field, breaker: false })(async (ids: readonly string[]): Promise<(string | null)[]> => {
      if (fail) throw new Error('upstream down');
      return [...ids];
    });
    await batch(['a']);
    await batch(['b']);
    fail = true;
    await batch(['c']);
    const points = await pointsOf('field_dependency.call.duration');
    const success = pointFor(points, { 'field_dependency.field': field, 'field_dependency.owner': 'media', 'field_dependency.outcome': 'success' });
    const degraded = pointFor(points, { 'field_dependency.field': field, 'field_dependency.owner': 'media', 'field_dependency.outcome': 'degraded', 'error.type': 'error' });
    expect((success?.value as HistogramValue | undefined)?.count).toBe(2);
    expect((degraded?.value as HistogramValue | undefined)?.count).toBe(1);
    expect((success?.value as HistogramValue).sum).toBeLessThan(1);
    expect((success?.value as HistogramValue).buckets.boundaries).toEqual([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });

  it('counts degradations per field, owner, critical, error.type and endpoint', async () => {
    const field = uniqueField();
    const batch = fieldDependency(Map, { owner: 'shopping', name: field })(async (_ids: readonly string[]): Promise<Map<string, number>> => {
      throw new Error('down');
    });
    await degradationScope(async () => {
      await batch(['a']);
      await batch(['b']);
    }, { endpoint: '/pins/:id' });
    disableDependency(field, 'shopping');
    await batch(['c']);
    const points = await pointsOf('field_dependency.call.degradations');
    expect(pointFor(points, { 'field_dependency.field': field, 'field_dependency.owner': 'shopping', 'field_dependency.critical': false, 'error.type': 'error', 'field_dependency.endpoint': '/pins/:id' })?.value).toBe(2);
    expect(pointFor(points, { 'field_dependency.field': field, 'field_dependency.owner': 'shopping', 'field_dependency.critical': false, 'error.type': 'disabled' })?.value).toBe(1);
  });

  it('observes breaker state and decider percent as gauges', async () => {
    const field = uniqueField();
    fieldDependency(Array, { owner: 'boards', name: field })(async (_ids: readonly string[]): Promise<string[]> => []);
    const breakers = await pointsOf('field_dependency.breaker.state');
    expect(pointFor(breakers, { 'field_dependency.field': field, 'field_dependency.owner': 'boards' })?.value).toBe(0);
    const deciders = await pointsOf('field_dependency.decider.percent');
    expect(pointFor(deciders, { 'field_dependency.field': field, 'field_dependency.owner': 'boards' })?.value).toBe(100);
  });

  it('adds a field_dependency.degraded event to the DataLoader batch span, and leaves its status alone', async () => {
    const field = uniqueField();
    const comments = new DataLoader(
      fieldDependency([null], { owner: 'comments', name: field })(async (_ids: readonly string[]): Promise<(number | null)[]> => {
        throw new Error('comments down');
      }),
    );
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('GET /pins/:id', async (request) => {
      await expect(Promise.all([comments.load('a'), comments.load('b')])).resolves.toEqual([null, null]);
      request.end();
    });
    const batchSpan = spans.getFinishedSpans().find((span) => span.name.startsWith('dataloader.batch'));
    expect(batchSpan).toBeDefined();
    expect(batchSpan?.status.code).toBe(SpanStatusCode.UNSET);
    expect(batchSpan?.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'field_dependency.degraded',
        { 'field_dependency.field': field, 'field_dependency.owner': 'comments', 'field_dependency.critical': false, 'error.type': 'error', 'field_dependency.outcome': 'degraded', 'field_dependency.keys': 2 },
      ],
    ]);
  });

  it('still clears degraded keys from a DataLoader patched by the dataloader instrumentation, so the next load asks the upstream again', async () => {
    let up = false;
    let calls = 0;
    const counts = new DataLoader(
      fieldDependency([null], { owner: 'comments', name: uniqueField(), breaker: false })(async (ids: readonly string[]): Promise<(number | null)[]> => {
        calls++;
        if (!up) throw new Error('comments down');
        return ids.map((id) => id.length);
      }),
    );
    await expect(counts.load('abc')).resolves.toBeNull();
    up = true;
    await expect(counts.load('abc')).resolves.toBe(3);
    expect(calls).toBe(2);
  });

  it('sets the active span\'s status to error for a critical failure', async () => {
    const field = uniqueField();
    const images = fieldDependency(Array, { owner: 'images', name: field, critical: true })(async (_ids: readonly string[]): Promise<string[]> => {
      throw new Error('images down');
    });
    const tracer = trace.getTracer('test');
    const error = await tracer.startActiveSpan('resolve images', async (span) => {
      const caught = await images(['a']).catch((thrown: unknown) => thrown);
      span.end();
      return caught;
    });
    expect(isFieldDependencyError(error)).toBe(true);
    const [span] = spans.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: `field dependency '${field}' failed (error)` });
    expect(span?.events.map((event) => event.attributes?.['field_dependency.outcome'])).toEqual(['failed']);
  });

  it('records nothing once disabled, and again once enabled', async () => {
    const field = uniqueField();
    const batch = fieldDependency(Array, { owner: 'boards', name: field })(async (_ids: readonly string[]): Promise<string[]> => []);
    instrumentation.disable();
    await batch(['a']);
    instrumentation.enable();
    await batch(['b']);
    const points = await pointsOf('field_dependency.call.duration');
    expect((pointFor(points, { 'field_dependency.field': field, 'field_dependency.owner': 'boards', 'field_dependency.outcome': 'success' })?.value as HistogramValue).count).toBe(1);
  });
});
