import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { BrownoutSettings } from './BrownoutOptions.js';
import { FULL_SERVICE, nextBrownoutState, type BrownoutState, type HealthSample } from './brownoutController.js';
import { brownout } from './brownoutState.js';
import { forgetRequestsInFlight, takeLatencyPercentile } from './requestLatencies.js';

let settings: BrownoutSettings | undefined;
let state: BrownoutState = FULL_SERVICE;
let lastSample: HealthSample | undefined;
let timer: NodeJS.Timeout | undefined;
let loopDelay: IntervalHistogram | undefined;
/** The event loop's cumulative utilisation at the last sample: the next sample is the difference. */
let loopUse: EventLoopUtilization | undefined;

/**
 * Turns the process's brownout controller on with `next` (one unref'd timer sampling every `intervalMs`,
 * and an event-loop delay monitor), or, called again, changes its settings keeping the level in force.
 */
export function useBrownout(next: BrownoutSettings): void {
  settings = next;
  brownout.on = true;
  if (timer !== undefined) clearInterval(timer);
  loopDelay?.disable();
  loopDelay = monitorEventLoopDelay({ resolution: Math.max(1, Math.min(10, Math.floor(next.intervalMs / 20))) });
  loopDelay.enable();
  loopUse = performance.eventLoopUtilization();
  // The first interval starts now: latencies recorded before belong to no interval the controller acts on.
  takeLatencyPercentile(next.latencyPercentile);
  timer = setInterval(sampleNow, next.intervalMs);
  timer.unref();
}

/** Turns brownout off: the timer and the monitor stop, and every call is admitted again (full service). */
export function stopBrownout(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  loopDelay?.disable();
  loopDelay = undefined;
  loopUse = undefined;
  settings = undefined;
  state = FULL_SERVICE;
  lastSample = undefined;
  brownout.on = false;
  brownout.level = 0;
  forgetRequestsInFlight();
}

/** Feeds one health sample to the controller and puts its level in force (the timer's tick; tests call it with synthetic samples). */
export function applyHealthSample(sample: HealthSample): void {
  if (settings === undefined) return;
  state = nextBrownoutState(state, sample, settings);
  lastSample = sample;
  brownout.level = state.level;
}

/** The settings in force, for the target metric; `undefined` while brownout is off. */
export function brownoutSettingsInForce(): BrownoutSettings | undefined {
  return settings;
}

/** The last sample the controller acted on, for the signal metric; `undefined` before the first or while off. */
export function lastHealthSample(): HealthSample | undefined {
  return lastSample;
}

/** The timer's tick: the interval's request latency percentile (requests still in flight included), event-loop delay (p99) and utilisation, then a fresh interval. */
function sampleNow(): void {
  if (settings === undefined || loopDelay === undefined || loopUse === undefined) return;
  const eventLoopDelayMs = loopDelay.count === 0 ? 0 : loopDelay.percentile(99) / 1e6;
  loopDelay.reset();
  const now = performance.eventLoopUtilization();
  const eventLoopUtilization = performance.eventLoopUtilization(now, loopUse).utilization;
  loopUse = now;
  applyHealthSample({ latencyMs: takeLatencyPercentile(settings.latencyPercentile, staleAfterMs(settings)), eventLoopDelayMs, eventLoopUtilization });
}

/** How long a request may stay in flight before the latency signal counts it one last time and forgets it: 10 × the target, or 60 s without one. */
function staleAfterMs(settings: BrownoutSettings): number {
  return settings.targetLatencyMs === undefined ? 60_000 : 10 * settings.targetLatencyMs;
}
