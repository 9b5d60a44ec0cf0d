/**
 * The brownout controller as a pure function, driven by synthetic samples: a fake clock (the sample index
 * times the interval) and a model of the API whose latency depends on the load it admits. No timers, no
 * wall-clock time.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BROWNOUT_OPTIONS, resolveBrownoutOptions, type BrownoutSettings } from '../../src/brownout/BrownoutOptions.js';
import { BROWNOUT_CLASSES, admittedShare } from '../../src/brownout/brownoutClass.js';
import { FULL_SERVICE, nextBrownoutState, pressureOf, samplesEarly, type BrownoutState } from '../../src/brownout/brownoutController.js';

const settings: BrownoutSettings = resolveBrownoutOptions({ targetLatencyMs: 200 });
const INTERVAL_MS = settings.intervalMs;

/**
 * A model API: each request costs a fixed CPU part (critical fields, the handler itself) and an optional part
 * per (tier, priority) class, split evenly over the six classes; the load offered is `offered` times the
 * capacity. Latency follows a queue's `base / (1 − utilisation)`, capped at 10 s when saturated.
 */
function modelLatencyMs(level: number, offered: number): number {
  const fixedShare = 0.3;
  let optional = 0;
  for (let classIndex = 0; classIndex < BROWNOUT_CLASSES; classIndex++) optional += admittedShare(level, classIndex) / BROWNOUT_CLASSES;
  const utilisation = offered * (fixedShare + (1 - fixedShare) * optional);
  return utilisation >= 0.98 ? 10_000 : 50 / (1 - utilisation);
}

/** Runs the controller against the model for `offered` load over time: `offered(ms)` → the trace of states. */
function run(offered: (atMs: number) => number, samples: number, start: BrownoutState = FULL_SERVICE): BrownoutState[] {
  const trace: BrownoutState[] = [];
  let state = start;
  for (let index = 1; index <= samples; index++) {
    const atMs = index * INTERVAL_MS;
    state = nextBrownoutState(state, { latencyMs: modelLatencyMs(state.level, offered(atMs)), eventLoopDelayMs: 5, eventLoopUtilization: 0 }, settings);
    trace.push(state);
  }
  return trace;
}

/** How often the level changes direction (up then down, or down then up) in a trace. */
function reversals(levels: readonly number[]): number {
  let count = 0;
  let lastDirection = 0;
  for (let index = 1; index < levels.length; index++) {
    const delta = (levels[index] as number) - (levels[index - 1] as number);
    if (delta === 0) continue;
    const direction = Math.sign(delta);
    if (lastDirection !== 0 && direction !== lastDirection) count++;
    lastDirection = direction;
  }
  return count;
}

describe('the brownout controller', () => {
  it('stays at full service while the API is healthy', () => {
    const trace = run(() => 0.7, 30);
    expect(trace.every((state) => state.level === 0)).toBe(true);
  });

  it('sheds fast under a 2× overload: classes are shed within the first two intervals', () => {
    const trace = run(() => 2, 2);
    expect(trace[0]?.level).toBe(DEFAULT_BROWNOUT_OPTIONS.maxShedStep);
    expect(trace[1]?.level).toBeGreaterThan(trace[0]?.level ?? 0);
  });

  for (const offered of [1.1, 1.3, 1.5, 2]) {
    it(`holds steady without oscillating under a steady ${offered}× overload, at a level that meets the objective`, () => {
      const levels = run(() => offered, 60).map((state) => state.level);
      const settled = levels.slice(20);
      // Settled: within a hundredth of a class for the last 40 intervals, no hunting up and down.
      expect(Math.max(...settled) - Math.min(...settled)).toBeLessThan(0.01);
      expect(reversals(levels)).toBeLessThanOrEqual(2);
      const level = settled[0] as number;
      expect(level).toBeGreaterThan(0);
      // At the equilibrium the latency is back at the objective (in the dead band, or approaching it from above by a hair).
      expect(modelLatencyMs(level, offered)).toBeLessThanOrEqual((settings.targetLatencyMs as number) * 1.01);
      expect(modelLatencyMs(level, offered)).toBeGreaterThanOrEqual((settings.targetLatencyMs as number) * settings.recoverBelow);
    });
  }

  it('a heavier overload sheds more classes; one that shedding cannot meet sheds every optional call and stays there', () => {
    const level = (offered: number): number => run(() => offered, 40).at(-1)?.level ?? Number.NaN;
    expect(level(1.1)).toBeLessThan(level(1.5));
    expect(level(1.5)).toBeLessThan(level(2));
    const hopeless = run(() => 4, 40).map((state) => state.level);
    expect(hopeless.slice(3).every((value) => value === BROWNOUT_CLASSES)).toBe(true);
  });

  it('recovers to full service by itself within 10 s of the load going away, and stays there', () => {
    const loadEndsAtMs = 30_000;
    const trace = run((atMs) => (atMs <= loadEndsAtMs ? 2.5 : 0.6), 60);
    const atLoadEnd = trace[loadEndsAtMs / INTERVAL_MS - 1]?.level ?? 0;
    expect(atLoadEnd).toBeGreaterThan(2);
    const backIndex = trace.findIndex((state, index) => (index + 1) * INTERVAL_MS > loadEndsAtMs && state.level === 0);
    expect(backIndex).toBeGreaterThan(0);
    expect((backIndex + 1) * INTERVAL_MS - loadEndsAtMs).toBeLessThanOrEqual(10_000);
    expect(trace.slice(backIndex).every((state) => state.level === 0)).toBe(true);
    // Recovery never goes back up while the API is healthy: monotone.
    const recovery = trace.slice(loadEndsAtMs / INTERVAL_MS).map((state) => state.level);
    expect(reversals(recovery)).toBe(0);
  });

  it('recovers from every class shed within 10 s once the load is gone', () => {
    let state: BrownoutState = { level: BROWNOUT_CLASSES, healthySamples: 0, pressure: 5 };
    let intervals = 0;
    while (state.level > 0 && intervals < 100) {
      state = nextBrownoutState(state, { latencyMs: 40, eventLoopDelayMs: 2, eventLoopUtilization: 0 }, settings);
      intervals++;
    }
    expect(intervals * INTERVAL_MS).toBeLessThanOrEqual(10_000);
    expect(intervals).toBe(DEFAULT_BROWNOUT_OPTIONS.recoverAfter - 1 + BROWNOUT_CLASSES / DEFAULT_BROWNOUT_OPTIONS.maxRecoverStep);
  });

  it('waits recoverAfter healthy intervals before restoring, and a single bad interval starts the count again', () => {
    const healthy = { latencyMs: 20, eventLoopDelayMs: 1, eventLoopUtilization: 0 };
    const overloaded = { latencyMs: 400, eventLoopDelayMs: 1, eventLoopUtilization: 0 };
    let state: BrownoutState = { level: 3, healthySamples: 0, pressure: 1 };
    state = nextBrownoutState(state, healthy, settings);
    expect(state.level).toBe(3);
    state = nextBrownoutState(state, overloaded, settings);
    expect(state.level).toBe(4);
    state = nextBrownoutState(state, healthy, settings);
    expect(state.level).toBe(4);
    state = nextBrownoutState(state, healthy, settings);
    expect(state.level).toBe(3);
  });

  it('holds inside the dead band, between recoverBelow and the objective', () => {
    let state: BrownoutState = { level: 2.5, healthySamples: 0, pressure: 1 };
    for (const latencyMs of [170, 199, 160, 200, 190]) state = nextBrownoutState(state, { latencyMs, eventLoopDelayMs: 1, eventLoopUtilization: 0 }, settings);
    expect(state.level).toBe(2.5);
  });

  it('never sheds beyond every class, and never goes below full service', () => {
    let state = FULL_SERVICE;
    for (let index = 0; index < 10; index++) state = nextBrownoutState(state, { latencyMs: 100_000, eventLoopDelayMs: 5_000, eventLoopUtilization: 0 }, settings);
    expect(state.level).toBe(BROWNOUT_CLASSES);
    for (let index = 0; index < 20; index++) state = nextBrownoutState(state, { latencyMs: 0, eventLoopDelayMs: 0, eventLoopUtilization: 0 }, settings);
    expect(state.level).toBe(0);
  });

  it('maps event-loop utilisation to pressure: linear up to its maximum, then 1 to 2 at a loop that never idled; 1 turns it off', () => {
    const quiet = { latencyMs: 1, eventLoopDelayMs: 0 };
    expect(pressureOf({ ...quiet, eventLoopUtilization: 0.45 }, settings)).toBeCloseTo(0.5, 10);
    expect(pressureOf({ ...quiet, eventLoopUtilization: 0.9 }, settings)).toBeCloseTo(1, 10);
    expect(pressureOf({ ...quiet, eventLoopUtilization: 0.95 }, settings)).toBeCloseTo(1.5, 10);
    expect(pressureOf({ ...quiet, eventLoopUtilization: 1 }, settings)).toBeCloseTo(2, 10);
    const off = resolveBrownoutOptions({ maxEventLoopUtilization: 1 });
    expect(pressureOf({ ...quiet, eventLoopUtilization: 1 }, off)).toBe(0);
    expect(nextBrownoutState(FULL_SERVICE, { ...quiet, eventLoopUtilization: 1 }, settings).level).toBe(1);
    // No request measured in the interval: a loop busy with start-up or background work is no overload.
    expect(pressureOf({ latencyMs: undefined, eventLoopDelayMs: 0, eventLoopUtilization: 1 }, settings)).toBe(0);
  });

  it('samples early after a look at a saturated loop (utilisation pressure 1.5 or more), at the onset of an overload only, never with the signal off', () => {
    expect(samplesEarly(FULL_SERVICE, 0.949, settings)).toBe(false);
    expect(samplesEarly(FULL_SERVICE, 0.951, settings)).toBe(true);
    expect(samplesEarly(FULL_SERVICE, 1, settings)).toBe(true);
    // Busy, past the sample's maximum, yet not saturated: one busy quarter of a healthy process waits for the interval.
    expect(samplesEarly(FULL_SERVICE, 0.92, settings)).toBe(false);
    expect(samplesEarly(FULL_SERVICE, 1, resolveBrownoutOptions({ maxEventLoopUtilization: 1 }))).toBe(false);
    const low = resolveBrownoutOptions({ maxEventLoopUtilization: 0.5 });
    expect(samplesEarly(FULL_SERVICE, 0.749, low)).toBe(false);
    expect(samplesEarly(FULL_SERVICE, 0.751, low)).toBe(true);
    // Still climbing (the last sample overloaded): each saturated look steps again.
    expect(samplesEarly({ level: 2, healthySamples: 0, pressure: 1.6 }, 1, settings)).toBe(true);
    // Settled in the dead band, or recovering: a busy quarter does not ratchet the level up; the interval's sample decides.
    expect(samplesEarly({ level: 4, healthySamples: 0, pressure: 0.9 }, 1, settings)).toBe(false);
    expect(samplesEarly({ level: 2, healthySamples: 1, pressure: 0.5 }, 1, settings)).toBe(false);
  });

  it('sheds a CPU-bound overload that the request latency does not show (queued before any scope), settles, and recovers', () => {
    // The model API at `offered` × capacity: the scopes measure 20 ms (under the 200 ms target) however long
    // requests waited in the kernel; only the loop's utilisation, capped at 1, shows the overload.
    const utilisation = (level: number, offered: number) => {
      let optional = 0;
      for (let classIndex = 0; classIndex < BROWNOUT_CLASSES; classIndex++) optional += admittedShare(level, classIndex) / BROWNOUT_CLASSES;
      return Math.min(1, offered * (0.3 + 0.7 * optional));
    };
    const trace: BrownoutState[] = [];
    let state = FULL_SERVICE;
    for (let index = 0; index < 60; index++) {
      const offered = index < 40 ? 2 : 0.5;
      state = nextBrownoutState(state, { latencyMs: 20, eventLoopDelayMs: 5, eventLoopUtilization: utilisation(state.level, offered) }, settings);
      trace.push(state);
    }
    // Saturated within the first intervals: about a class per interval until the loop idles again.
    expect(trace[1]?.level).toBeGreaterThanOrEqual(2);
    const settled = trace.slice(10, 40);
    expect(settled.every((each) => utilisation(each.level, 2) < 1)).toBe(true);
    expect(reversals(settled.map((each) => each.level))).toBe(0);
    // Back at full service within 10 s of the load going away.
    expect(trace.findIndex((each, index) => index >= 40 && each.level === 0) - 40 + 1).toBeLessThanOrEqual(10_000 / INTERVAL_MS);
  });

  it('takes the worse of the two signals; without a latency objective or without requests, the event-loop delay alone', () => {
    expect(pressureOf({ latencyMs: 100, eventLoopDelayMs: 75, eventLoopUtilization: 0 }, settings)).toBe(1.5);
    expect(pressureOf({ latencyMs: 400, eventLoopDelayMs: 5, eventLoopUtilization: 0 }, settings)).toBe(2);
    expect(pressureOf({ latencyMs: undefined, eventLoopDelayMs: 25, eventLoopUtilization: 0 }, settings)).toBe(0.5);
    expect(pressureOf({ latencyMs: 10_000, eventLoopDelayMs: 25, eventLoopUtilization: 0 }, resolveBrownoutOptions({}))).toBe(0.5);
    // An event loop blocked for seconds sheds on its own, whatever the latency of the requests that ended.
    expect(nextBrownoutState(FULL_SERVICE, { latencyMs: 10, eventLoopDelayMs: 500, eventLoopUtilization: 0 }, settings).level).toBe(DEFAULT_BROWNOUT_OPTIONS.maxShedStep);
  });
});
