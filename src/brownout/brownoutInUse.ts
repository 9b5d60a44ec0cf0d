import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { BrownoutSettings } from './BrownoutOptions.js';
import { FULL_SERVICE, nextBrownoutState, samplesEarly, type BrownoutState, type HealthSample } from './brownoutController.js';
import { brownout } from './brownoutState.js';
import { forgetRequestsInFlight, intervalHasRequests, takeLatencyPercentile } from './requestLatencies.js';

let settings: BrownoutSettings | undefined;
let state: BrownoutState = FULL_SERVICE;
let lastSample: HealthSample | undefined;
let timer: NodeJS.Timeout | undefined;
let loopDelay: IntervalHistogram | undefined;
/** The event loop's cumulative utilisation at the last sample: the next sample is the difference. */
let loopUse: EventLoopUtilization | undefined;
/** The event loop's cumulative utilisation at the last look (a quarter interval ago). */
let lookUse: EventLoopUtilization | undefined;
/** Looks taken since the last sample. */
let looks = 0;

/** The timer looks at the loop this many times per interval: the last look samples, and so does an earlier one that finds the loop saturated. */
const LOOKS_PER_INTERVAL = 4;

/**
 * Turns the process's brownout controller on with `next` (one unref'd timer looking at the event loop four
 * times per `intervalMs` and sampling at the last look, or at an earlier one that finds the loop saturated,
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
  lookUse = loopUse;
  looks = 0;
  // The first interval starts now: latencies recorded before belong to no interval the controller acts on.
  takeLatencyPercentile(next.latencyPercentile);
  timer = setInterval(look, next.intervalMs / LOOKS_PER_INTERVAL);
  timer.unref();
}

/** Turns brownout off: the timer and the monitor stop, and every call is admitted again (full service). */
export function stopBrownout(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  loopDelay?.disable();
  loopDelay = undefined;
  loopUse = undefined;
  lookUse = undefined;
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

/**
 * The timer's tick, a quarter interval since the last: the loop's utilisation over that quarter; a sample at
 * the interval's last look, or at once when the look found the loop saturated at the onset of an overload
 * ({@link samplesEarly}) in an interval with requests. A spike then sheds a quarter interval after it began
 * rather than up to a whole interval after, and the next interval starts from the early sample.
 */
function look(): void {
  if (settings === undefined || lookUse === undefined) return;
  const now = performance.eventLoopUtilization();
  const lookUtilization = performance.eventLoopUtilization(now, lookUse).utilization;
  lookUse = now;
  looks++;
  if (looks >= LOOKS_PER_INTERVAL) sampleNow(now, 0);
  else if (samplesEarly(state, lookUtilization, settings) && intervalHasRequests()) sampleNow(now, lookUtilization);
}

/**
 * One sample, given the loop's cumulative utilisation `now`: the interval's request latency percentile
 * (requests still in flight included), event-loop delay (p99) and utilisation (at least `lookUtilization`,
 * the saturated look's that brought the sample forward), then a fresh interval.
 */
function sampleNow(now: EventLoopUtilization, lookUtilization: number): void {
  if (settings === undefined || loopDelay === undefined || loopUse === undefined) return;
  const eventLoopDelayMs = loopDelay.count === 0 ? 0 : loopDelay.percentile(99) / 1e6;
  loopDelay.reset();
  const eventLoopUtilization = Math.max(lookUtilization, performance.eventLoopUtilization(now, loopUse).utilization);
  loopUse = now;
  looks = 0;
  applyHealthSample({ latencyMs: takeLatencyPercentile(settings.latencyPercentile, staleAfterMs(settings)), eventLoopDelayMs, eventLoopUtilization });
}

/** How long a request may stay in flight before the latency signal counts it one last time and forgets it: 10 × the target, or 60 s without one. */
function staleAfterMs(settings: BrownoutSettings): number {
  return settings.targetLatencyMs === undefined ? 60_000 : 10 * settings.targetLatencyMs;
}
