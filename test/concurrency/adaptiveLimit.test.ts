import { describe, expect, test } from 'vitest';
import { ADAPTIVE_WINDOW_DEFAULTS, AdaptiveLimit, type AdaptiveLimitSettings } from '../../src/concurrency/AdaptiveLimit.js';

/**
 * The adaptive algorithm alone, driven by synthetic latencies on a fake clock: `demand` callers each call
 * again as soon as their call ends, the limit admitting at most `limit` of them at once (the rest are shed);
 * every admitted call takes `latency(inFlight)` milliseconds.
 */
class Simulation {
  now = 0;
  /** The largest number of calls in flight at once, since the last {@link run}. */
  peakInFlight = 0;
  /** Calls admitted and shed, since the last {@link run}. */
  admitted = 0;
  shed = 0;
  /** The limit at the end of each simulated second, since the last {@link run}. */
  limits: number[] = [];

  constructor(readonly algorithm: AdaptiveLimit) {}

  /** Runs for `seconds`: waves of min(demand, limit) calls, each ending together after its latency. */
  run(seconds: number, demand: number, latency: (inFlight: number) => number, dropped = (_index: number) => false): this {
    this.peakInFlight = this.admitted = this.shed = 0;
    this.limits = [];
    const end = this.now + seconds * 1000;
    let nextSecond = this.now + 1000;
    let index = 0;
    while (this.now < end) {
      const inFlight = Math.min(demand, this.algorithm.limit);
      this.peakInFlight = Math.max(this.peakInFlight, inFlight);
      this.admitted += inFlight;
      this.shed += demand - inFlight;
      const rtt = latency(inFlight);
      this.now += rtt;
      for (let call = 0; call < inFlight; call++) this.algorithm.onSample(this.now, rtt, inFlight - call, dropped(index++));
      while (this.now >= nextSecond) {
        this.limits.push(this.algorithm.limit);
        nextSecond += 1000;
      }
    }
    return this;
  }
}

function adaptive(settings: Partial<AdaptiveLimitSettings> = {}): AdaptiveLimit {
  return new AdaptiveLimit({ ...ADAPTIVE_WINDOW_DEFAULTS, initial: 200, min: 1, max: 200, tolerance: 2, ...settings });
}

const normal = () => 10;
const tenTimesSlower = () => 100;

describe('the adaptive concurrency limit', () => {
  test('an upstream 10× slower than its normal gets a lower limit that bounds its calls in flight, and it recovers when the latency returns', () => {
    const simulation = new Simulation(adaptive());
    simulation.run(30, 50, normal);
    expect(simulation.algorithm.limit).toBe(200);
    expect(simulation.algorithm.normalLatency).toBe(10);
    expect(simulation.shed).toBe(0);

    simulation.run(30, 50, tenTimesSlower);
    // Halved (at most) each window, down to `min`: at most 8 windows above it, then held there.
    expect(simulation.limits.slice(-20)).toEqual(Array(20).fill(1));
    expect(simulation.limits.findIndex((limit) => limit === 1)).toBeLessThanOrEqual(9);
    expect(simulation.algorithm.limit).toBe(1);
    expect(simulation.shed).toBeGreaterThan(simulation.admitted);
    // After 30 windows at 10×, the normal latency has not followed the incident far (a ten-minute baseline).
    expect(simulation.algorithm.normalLatency).toBeLessThan(20);

    simulation.run(60, 50, normal);
    // Grows by its square root each window while in use, until the demand no longer needs it.
    expect(simulation.algorithm.limit).toBeGreaterThanOrEqual(100);
    expect(simulation.limits.slice(-30)).toEqual(Array(30).fill(simulation.algorithm.limit));
    // Once the limit was back above the demand, nothing was shed.
    const recovered = simulation.limits.findIndex((limit) => limit >= 50);
    expect(recovered).toBeGreaterThan(0);
    expect(recovered).toBeLessThan(30);
  });

  test('while it is lowered, the limit bounds the calls in flight', () => {
    const simulation = new Simulation(adaptive());
    simulation.run(30, 50, normal);
    simulation.run(10, 50, tenTimesSlower);
    const limitAfterFall = simulation.algorithm.limit;
    simulation.run(10, 50, tenTimesSlower);
    expect(simulation.peakInFlight).toBe(limitAfterFall);
    expect(simulation.peakInFlight).toBeLessThan(50);
  });

  test('in a steady state with jittery latencies the limit stays where it is (no oscillation)', () => {
    // ±30% deterministic jitter around 10 ms.
    const jitter = [1, 1.3, 0.7, 1.1, 0.9, 1.2, 0.8];
    let next = 0;
    const jittery = () => 10 * (jitter[next++ % jitter.length] as number);
    const simulation = new Simulation(adaptive({ initial: 40, max: 200 }));
    simulation.run(60, 30, jittery);
    simulation.run(300, 30, jittery);
    expect(new Set(simulation.limits).size).toBe(1);
    expect(simulation.shed).toBe(0);
  });

  test('an upstream that queues beyond its capacity: the limit settles where the latency is within tolerance, and holds', () => {
    // 20 calls at once in 10 ms; beyond that they queue.
    const queueing = (inFlight: number) => 10 * Math.max(1, inFlight / 20);
    const simulation = new Simulation(adaptive());
    simulation.run(30, 10, queueing);
    simulation.run(30, 60, queueing);
    const settled = simulation.algorithm.limit;
    expect(settled).toBeLessThan(60);
    expect(settled).toBeGreaterThanOrEqual(30);
    simulation.run(120, 60, queueing);
    expect(new Set(simulation.limits)).toEqual(new Set([settled]));
    expect(simulation.peakInFlight).toBe(settled);
  });

  test('timeouts and failures are drops: more than a tenth of a window dropped lowers the limit, fewer do not', () => {
    const everyFifth = (index: number) => index % 5 === 0;
    const simulation = new Simulation(adaptive());
    simulation.run(10, 150, normal);
    expect(simulation.algorithm.limit).toBe(200);
    simulation.run(10, 150, normal, everyFifth);
    expect(simulation.algorithm.limit).toBeLessThan(150);
    // ×0.9 per window congested by drops alone: 200, 180, 162, …
    expect(simulation.limits.slice(0, 3)).toEqual(expect.arrayContaining([180, 162]));
    expect(simulation.limits.every((limit, index) => index === 0 || limit <= (simulation.limits[index - 1] as number))).toBe(true);

    const rare = new Simulation(adaptive());
    rare.run(10, 150, normal);
    rare.run(30, 150, normal, (index) => index % 20 === 0);
    expect(rare.algorithm.limit).toBe(200);
  });

  test('a limit not in use does not grow, and the limit stays within min and max', () => {
    const idle = new Simulation(adaptive({ initial: 10, max: 100 }));
    idle.run(60, 4, normal);
    expect(idle.algorithm.limit).toBe(10);

    const busy = new Simulation(adaptive({ initial: 10, max: 100 }));
    busy.run(60, 500, normal);
    expect(busy.algorithm.limit).toBe(100);
    busy.run(30, 500, tenTimesSlower);
    expect(busy.algorithm.limit).toBe(1);

    const floored = new Simulation(adaptive({ initial: 50, min: 8, max: 100 }));
    floored.run(10, 60, normal);
    floored.run(30, 60, tenTimesSlower);
    expect(floored.algorithm.limit).toBe(8);
  });

  test('a window closes only with enough samples and time: a quiet dependency keeps its limit until it has them', () => {
    const algorithm = adaptive({ initial: 100 });
    for (let index = 0; index < 9; index++) algorithm.onSample(index * 1000, 10, 1, false);
    expect(algorithm.normalLatency).toBeUndefined();
    algorithm.onSample(10_000, 10, 1, false);
    expect(algorithm.normalLatency).toBe(10);
    // Ten slow samples within one millisecond: not a window yet.
    for (let index = 0; index < 10; index++) algorithm.onSample(10_000.5, 100, 1, false);
    expect(algorithm.limit).toBe(100);
    algorithm.onSample(11_000, 100, 1, false);
    expect(algorithm.limit).toBe(50);
  });

  test('the tolerance sets how far the latency may rise before the limit falls', () => {
    const threeTimes = () => 30;
    const strict = new Simulation(adaptive({ tolerance: 2 }));
    strict.run(10, 150, normal).run(10, 150, threeTimes);
    expect(strict.algorithm.limit).toBeLessThan(150);

    const lenient = new Simulation(adaptive({ tolerance: 4 }));
    lenient.run(10, 150, normal).run(10, 150, threeTimes);
    expect(lenient.algorithm.limit).toBe(200);
  });
});

describe('latencies under a millisecond', () => {
  test('a loader answering in microseconds is not congested by a window a few hundred microseconds slower; one a millisecond past the tolerance is', () => {
    const fast = new Simulation(adaptive());
    fast.run(3, 20, () => 0.01);
    fast.run(3, 20, () => 0.5);
    expect(fast.algorithm.limit).toBe(200);
    fast.run(3, 20, () => 3);
    expect(fast.algorithm.limit).toBeLessThan(200);
  });
});
