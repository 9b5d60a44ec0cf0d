import type { BrownoutSettings } from './BrownoutOptions.js';
import { BROWNOUT_CLASSES } from './brownoutClass.js';

/** One health sample of the process, taken once per interval. */
export interface HealthSample {
  /** The chosen percentile of the interval's request latencies (those that ended in it, and the ages of those in flight since before it), in milliseconds; `undefined` when there were none. */
  readonly latencyMs: number | undefined;
  /** The event-loop delay over the interval (its 99th percentile), in milliseconds. */
  readonly eventLoopDelayMs: number;
  /** The share of the interval the event loop was busy, 0 to 1 (`performance.eventLoopUtilization`). */
  readonly eventLoopUtilization: number;
}

/** What the controller carries from one sample to the next. */
export interface BrownoutState {
  /** Classes shed, 0 (full service) to 6 (every optional call shed); fractional. */
  readonly level: number;
  /** How many samples in a row were below `recoverBelow` (the hysteresis before the level may fall). */
  readonly healthySamples: number;
  /** The pressure of the last sample: the worst of its signals, each as a share of its objective ({@link pressureOf}). */
  readonly pressure: number;
}

/** Full service: the state before the first sample. */
export const FULL_SERVICE: BrownoutState = Object.freeze({ level: 0, healthySamples: 0, pressure: 0 });

/** A level this close to 0 is 0 (so the last class comes back whole, not at 99.9 %). */
const SNAP = 0.01;

/**
 * The brownout controller: a pure function from the previous state, one health sample and the settings to
 * the next state. In the spirit of Klein et al.'s brownout "dimmer" (ICSE 2014), the level is the integral
 * of the overload, with a dead band and hysteresis:
 *
 * - pressure `p` = the worst of `latency / targetLatencyMs`, `eventLoopDelay / maxEventLoopDelayMs` and the
 *   event-loop utilisation's pressure (see {@link pressureOf});
 * - `p > 1` (overloaded): the level rises at once by `shedGain × (p − 1)`, at most `maxShedStep`, so a
 *   spike sheds within an interval or two;
 * - `recoverBelow ≤ p ≤ 1` (the dead band): the level holds; under a steady overload the controller
 *   settles at the level whose pressure falls in the band, instead of hunting around a single set point;
 * - `p < recoverBelow` for `recoverAfter` samples in a row: the level falls by `recoverGain × (1 − p)`,
 *   at most `maxRecoverStep`, until full service; once the load is gone (`p` near 0) that is a step of
 *   about one class per interval.
 */
export function nextBrownoutState(state: BrownoutState, sample: HealthSample, settings: BrownoutSettings): BrownoutState {
  const pressure = pressureOf(sample, settings);
  if (pressure > 1) {
    const level = Math.min(BROWNOUT_CLASSES, state.level + Math.min(settings.maxShedStep, settings.shedGain * (pressure - 1)));
    return { level, healthySamples: 0, pressure };
  }
  if (pressure >= settings.recoverBelow || state.level === 0) return { level: state.level, healthySamples: 0, pressure };
  const healthySamples = state.healthySamples + 1;
  if (healthySamples < settings.recoverAfter) return { level: state.level, healthySamples, pressure };
  const lowered = state.level - Math.min(settings.maxRecoverStep, settings.recoverGain * (1 - pressure));
  return { level: lowered < SNAP ? 0 : lowered, healthySamples, pressure };
}

/**
 * The worst of the sample's signals, as a share of its objective (1: exactly at it): request latency over
 * `targetLatencyMs` (when both are known), event-loop delay over `maxEventLoopDelayMs`, and event-loop
 * utilisation over `maxEventLoopUtilization`. Utilisation cannot pass 1, so above its maximum its pressure
 * grows linearly from 1 to 2 at a loop that never idled: a saturated process sheds about one class per
 * interval (with the default gain) until the loop idles again, however far past capacity the load is. It
 * counts only in an interval with requests (a latency measured): a loop busy with the process's own start-up
 * or background work, and no request, is no overloaded API.
 */
export function pressureOf(sample: HealthSample, settings: BrownoutSettings): number {
  const busy = sample.latencyMs === undefined ? 0 : utilizationPressure(sample.eventLoopUtilization, settings.maxEventLoopUtilization);
  const loop = Math.max(sample.eventLoopDelayMs / settings.maxEventLoopDelayMs, busy);
  const target = settings.targetLatencyMs;
  if (target === undefined || sample.latencyMs === undefined) return loop;
  return Math.max(loop, sample.latencyMs / target);
}

/**
 * Whether one look at the loop, a quarter of an interval long (`utilization` its share busy), brings the next
 * sample forward: at the onset of an overload (from full service, or while the last sample found the process
 * overloaded), when the look found the loop saturated, a utilisation pressure of at least 1.5 (0.95 with the
 * default maximum); never with the signal off. Taking the first steps a quarter interval into a spike, rather
 * than up to a whole one, spares the requests that would queue meanwhile. Once the level holds (the dead band)
 * or falls, only the interval's samples move it: a busy quarter of a process that has settled does not ratchet
 * the level up.
 */
export function samplesEarly(state: BrownoutState, utilization: number, settings: BrownoutSettings): boolean {
  if (state.level > 0 && state.pressure <= 1) return false;
  return utilizationPressure(utilization, settings.maxEventLoopUtilization) >= SATURATED_LOOK_PRESSURE;
}

/** The utilisation pressure at which one look samples at once ({@link samplesEarly}). */
const SATURATED_LOOK_PRESSURE = 1.5;

/** The utilisation signal as a pressure: `utilization / maximum` up to the maximum, then 1 to 2 at full; 0 when off (maximum 1). */
function utilizationPressure(utilization: number, maximum: number): number {
  if (maximum >= 1) return 0;
  return utilization <= maximum ? utilization / maximum : 1 + (Math.min(1, utilization) - maximum) / (1 - maximum);
}
