// Declares its use of Node's types, so consumers whose `types` is `[]` (the TypeScript 6 and 7 default) still resolve `node:` imports.
/// <reference types="node" preserve="true" />
import diagnosticsChannel from 'node:diagnostics_channel';
import type { DegradationReason } from '../contract/DegradationReason.js';
import type { CALL_OUTCOMES } from '../contract/metricNames.js';

/**
 * Name of the `node:diagnostics_channel` tracing channel every guarded call is published on: its events
 * are the channels `tracing:field-dependency:call:start`, `…:end`, `…:asyncStart`, `…:asyncEnd` and `…:error`.
 */
export const CALL_CHANNEL = 'field-dependency:call';

/** How a call ended, as `field_dependency_calls_total`'s `outcome` label counts it. */
export type CallOutcome = (typeof CALL_OUTCOMES)[keyof typeof CALL_OUTCOMES];

/**
 * The context object of one guarded call on {@link CALL_CHANNEL}: the same object reaches every event of
 * the call, so a subscriber can keep its own state on it (a start time, a span) between `start` and `asyncEnd`.
 */
export interface CallTraceContext {
  /** The field's name. */
  readonly field: string;
  /** The owning team. */
  readonly owner: string;
  /** Whether the dependency is critical (then a failure propagates, with outcome `failed`). */
  readonly critical: boolean;
  /** The request's endpoint, inside a request scope; `undefined` outside one. */
  readonly endpoint: string | undefined;
  /** The number of keys of a batch call (its first argument, when an array); `undefined` otherwise. */
  readonly keys: number | undefined;
  /** How the call ended: set by the `end` event for a sync answer, by `asyncStart` for a promise. */
  outcome?: CallOutcome;
  /** Why the call degraded or failed (`partial` when only some keys did); absent on `success`. */
  reason?: DegradationReason;
  /** What the call answered (the loader's value, or the fallback), as Node's `trace*` methods set it. */
  result?: unknown;
  /** What the call threw or rejected with: only a critical dependency's `FieldDependencyError`. */
  error?: unknown;
}

/**
 * The tracing channel. Every call checks `hasSubscribers` first: with nobody subscribed, no context is
 * built and nothing is published.
 */
export const callChannel: diagnosticsChannel.TracingChannel<unknown, CallTraceContext> = diagnosticsChannel.tracingChannel<unknown, CallTraceContext>(CALL_CHANNEL);
