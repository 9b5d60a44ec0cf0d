/**
 * The sampler's event-loop utilisation signal on the real loop: a process whose loop never idles (yet whose
 * event-loop delay and request latency stay under their objectives) browns out, and comes back once it idles.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { brownout } from '../../src/brownout/brownoutState.js';
import { lastHealthSample } from '../../src/brownout/brownoutInUse.js';
import { configure } from '../../src/metrics/metricsRegistry.js';
import { degradationScope } from '../../src/scope/degradationScope.js';

afterEach(() => {
  configure({ brownout: false });
});

/** Keeps the loop busy for `ms`, in 5 ms slices between which timers still run (the delay stays low). */
async function busyFor(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const slice = performance.now() + 5;
    while (performance.now() < slice);
    await yieldToLoop();
  }
}

async function until(condition: () => boolean, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not within ${withinMs} ms: level ${brownout.level}, last sample ${JSON.stringify(lastHealthSample())}`);
    await sleep(20);
  }
}

describe('the event-loop utilisation signal', { timeout: 20_000 }, () => {
  it('sheds while the loop never idles although its delay is far under the maximum, and restores full service once it idles', async () => {
    configure({ brownout: { intervalMs: 50, maxEventLoopDelayMs: 60_000 } });
    // one request in flight all along (no latency objective: only the utilisation can shed)
    await degradationScope(() => busyFor(400), { endpoint: '/busy' });
    expect(brownout.level).toBeGreaterThan(0);
    expect(lastHealthSample()?.eventLoopUtilization).toBeGreaterThan(0.9);
    expect(lastHealthSample()?.eventLoopDelayMs).toBeLessThan(60_000);
    await until(() => brownout.level === 0, 5_000);
  });

  it('sheds a quarter interval into a saturation, without waiting for the interval to end', async () => {
    configure({ brownout: { intervalMs: 4_000, maxEventLoopDelayMs: 60_000 } });
    const started = performance.now();
    let shedAfterMs: number | undefined;
    // Short requests back to back on a loop that never idles, for 2.5 s: the regular sample would come at 4 s.
    while (performance.now() - started < 2_500 && shedAfterMs === undefined) {
      await degradationScope(() => busyFor(20), { endpoint: '/busy' });
      if (brownout.level > 0) shedAfterMs = performance.now() - started;
    }
    expect(shedAfterMs, `level ${brownout.level}, last sample ${JSON.stringify(lastHealthSample())}`).toBeDefined();
    expect(lastHealthSample()?.eventLoopUtilization).toBeGreaterThanOrEqual(0.95);
    // The early sample started a fresh interval: the next regular one is a whole interval after it.
    const level = brownout.level;
    await sleep(500);
    expect(brownout.level).toBe(level);
  });

  it('with maxEventLoopUtilization 1, a busy loop alone sheds nothing', async () => {
    configure({ brownout: { intervalMs: 50, maxEventLoopDelayMs: 60_000, maxEventLoopUtilization: 1 } });
    await degradationScope(() => busyFor(400), { endpoint: '/busy' });
    expect(lastHealthSample()?.eventLoopUtilization).toBeGreaterThan(0.9);
    expect(brownout.level).toBe(0);
  });

  it('sheds nothing for a loop busy without requests (the process starting up, background work)', async () => {
    configure({ brownout: { intervalMs: 50, maxEventLoopDelayMs: 60_000 } });
    await busyFor(400);
    expect(lastHealthSample()?.eventLoopUtilization).toBeGreaterThan(0.9);
    expect(brownout.level).toBe(0);
  });
});
