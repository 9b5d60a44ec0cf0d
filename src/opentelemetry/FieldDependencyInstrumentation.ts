import diagnosticsChannel from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import { context as otelContext, SpanStatusCode, trace, ValueType, type Attributes, type Counter, type Histogram, type Span } from '@opentelemetry/api';
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { allDependencies } from '../core/dependencyRegistry.js';
import { LATENCY_BUCKETS } from '../contract/latencyBuckets.js';
import { CALL_CHANNEL, type CallTraceContext } from '../events/callChannel.js';
import {
  ATTR_CRITICAL,
  ATTR_ENDPOINT,
  ATTR_ERROR_TYPE,
  ATTR_FIELD,
  ATTR_KEYS,
  ATTR_OUTCOME,
  ATTR_OWNER,
  BREAKER_STATE,
  CALL_DEGRADATIONS,
  CALL_DURATION,
  DECIDER_PERCENT,
  DEGRADED_EVENT,
} from './semanticConventions.js';

/** The options of {@link FieldDependencyInstrumentation}: OpenTelemetry's own (`enabled`). */
export type FieldDependencyInstrumentationConfig = InstrumentationConfig;

/** What one call keeps from `start` to its end: when it started, and the span that was active then. */
interface CallStart {
  readonly startedAt: number;
  readonly span: Span | undefined;
}

/** The instruments, made anew whenever a meter provider is set. */
interface Instruments {
  readonly duration: Histogram;
  readonly degradations: Counter;
}

const VERSION = (createRequire(import.meta.url)('field-dependency/package.json') as { version: string }).version;

/**
 * An OpenTelemetry instrumentation of every field dependency, registered like any other
 * (`registerInstrumentations({ instrumentations: [new FieldDependencyInstrumentation()] })`, or a
 * NodeSDK's `instrumentations`). It subscribes to the `field-dependency:call` tracing channel while
 * enabled and records, through the registered meter and tracer providers:
 *
 * - `field_dependency.call.duration` (histogram, `s`) per field, owner, outcome and `error.type`;
 * - `field_dependency.call.degradations` (counter) per field, owner, critical, `error.type` and endpoint;
 * - `field_dependency.breaker.state` and `field_dependency.decider.percent` (observable gauges);
 * - a `field_dependency.degraded` event on the span active when the call started (the DataLoader batch
 *   span under `@opentelemetry/instrumentation-dataloader`). A handled degradation leaves the span's status
 *   alone; a critical failure sets it to error.
 */
export class FieldDependencyInstrumentation extends InstrumentationBase<FieldDependencyInstrumentationConfig> {
  // Declared, not initialised: the base constructor calls enable() and _updateMetricInstruments() before
  // a subclass's field initialisers would run (and would then reset them).
  declare private instruments: Instruments | undefined;
  declare private starts: WeakMap<CallTraceContext, CallStart> | undefined;
  declare private handlers: diagnosticsChannel.TracingChannelSubscribers<CallTraceContext> | undefined;

  constructor(config: FieldDependencyInstrumentationConfig = {}) {
    super('field-dependency', VERSION, config);
  }

  /** No module to patch: the library publishes its calls on a tracing channel, which `enable()` subscribes to. */
  protected override init(): [] {
    return [];
  }

  /** Subscribes to the `field-dependency:call` tracing channel. */
  override enable(): void {
    super.enable();
    if (this.handlers !== undefined) return;
    this.starts = new WeakMap();
    this.handlers = {
      start: (call) => this.onStart(call),
      end: (call) => {
        if ('result' in call || 'error' in call) this.onFinish(call); // answered synchronously
      },
      asyncStart: () => {},
      asyncEnd: (call) => this.onFinish(call),
      error: () => {},
    };
    diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL).subscribe(this.handlers);
  }

  /** Unsubscribes: calls are no longer recorded. */
  override disable(): void {
    super.disable();
    if (this.handlers === undefined) return;
    diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL).unsubscribe(this.handlers);
    this.handlers = undefined;
  }

  /** Makes the instruments on the current meter (called by OpenTelemetry whenever the meter provider changes). */
  protected override _updateMetricInstruments(): void {
    const meter = this.meter;
    this.instruments = {
      duration: meter.createHistogram(CALL_DURATION, {
        description: 'Duration of field dependency calls (the loader, its timeout and its fallback).',
        unit: 's',
        advice: { explicitBucketBoundaries: [...LATENCY_BUCKETS] },
      }),
      degradations: meter.createCounter(CALL_DEGRADATIONS, {
        description: 'Field dependency calls that degraded to their fallback, or failed for a critical dependency.',
        unit: '{call}',
        valueType: ValueType.INT,
      }),
    };
    meter
      .createObservableGauge(BREAKER_STATE, { description: "Each field dependency's circuit breaker: 0 closed, 1 half-open, 2 open.", unit: '{state}', valueType: ValueType.INT })
      .addCallback((result) => {
        for (const dependency of allDependencies()) if (dependency.breaker !== false) result.observe(dependency.stats.breakerState, dependencyAttributes(dependency));
      });
    meter
      .createObservableGauge(DECIDER_PERCENT, { description: "Each field dependency's decider: the percentage of calls let through.", unit: '%', valueType: ValueType.INT })
      .addCallback((result) => {
        for (const dependency of allDependencies()) if (dependency.decider !== false) result.observe(dependency.percent, dependencyAttributes(dependency));
      });
  }

  private onStart(call: CallTraceContext): void {
    this.starts?.set(call, { startedAt: performance.now(), span: trace.getSpan(otelContext.active()) });
  }

  private onFinish(call: CallTraceContext): void {
    const start = this.starts?.get(call);
    const instruments = this.instruments;
    if (start === undefined || instruments === undefined || call.outcome === undefined) return;
    const { field, owner, outcome, reason } = call;
    const success = outcome === 'success' || reason === undefined;
    instruments.duration.record(
      (performance.now() - start.startedAt) / 1000,
      success ? { [ATTR_FIELD]: field, [ATTR_OWNER]: owner, [ATTR_OUTCOME]: outcome } : { [ATTR_FIELD]: field, [ATTR_OWNER]: owner, [ATTR_OUTCOME]: outcome, [ATTR_ERROR_TYPE]: reason },
    );
    if (success) return;
    const attributes: Attributes = { [ATTR_FIELD]: field, [ATTR_OWNER]: owner, [ATTR_CRITICAL]: call.critical, [ATTR_ERROR_TYPE]: reason };
    if (call.endpoint !== undefined) attributes[ATTR_ENDPOINT] = call.endpoint;
    instruments.degradations.add(1, attributes);
    const span = start.span;
    if (span === undefined) return;
    span.addEvent(DEGRADED_EVENT, call.keys === undefined ? { ...attributes, [ATTR_OUTCOME]: outcome } : { ...attributes, [ATTR_OUTCOME]: outcome, [ATTR_KEYS]: call.keys });
    if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: `field dependency '${field}' failed (${reason})` });
  }
}

function dependencyAttributes(dependency: { readonly field: string; readonly owner: string }): Attributes {
  return { [ATTR_FIELD]: dependency.field, [ATTR_OWNER]: dependency.owner };
}
