import { describe, expect, it } from 'vitest';
import { CANARY_SIGNALS } from '../../cli/canary/canarySignals.js';
import { classifyMetric } from '../../cli/canary/classifyMetric.js';

const [DEGRADATION, , LATENCY] = CANARY_SIGNALS as [(typeof CANARY_SIGNALS)[number], (typeof CANARY_SIGNALS)[number], (typeof CANARY_SIGNALS)[number]];
const series = (level: number, wobble: number, seed: number) => Array.from({ length: 30 }, (_, index) => level + wobble * Math.sin(index * 1.7 + seed));

describe('classifyMetric', () => {
  it('is high only when the interval is above 0, the means differ by 1.2× and by the signal’s minimum rise', () => {
    expect(classifyMetric(series(0.1, 0.01, 1), series(0.05, 0.01, 2), DEGRADATION).classification).toBe('high');
    // significant, twice as high, but 0.2 percentage points: below the 0.5-point minimum rise
    const tiny = classifyMetric(series(0.004, 0.0002, 1), series(0.002, 0.0002, 2), DEGRADATION);
    expect(tiny.shift?.lower).toBeGreaterThan(0);
    expect(tiny).toMatchObject({ classification: 'pass', reason: 'the shift is within tolerance (means ×2.00, +0.00200)' });
    // significant and 10 ms slower, but only 1.1× the baseline: within the effect-size tolerance
    const slower = classifyMetric(series(0.11, 0.002, 1), series(0.1, 0.002, 2), LATENCY);
    expect(slower.shift?.lower).toBeGreaterThan(0);
    expect(slower.classification).toBe('pass');
    expect(classifyMetric(series(0.2, 0.01, 1), series(0.1, 0.01, 2), LATENCY).classification).toBe('high');
  });

  it('is low (which passes) when the canary is clearly better, and pass when the interval includes 0', () => {
    expect(classifyMetric(series(0.02, 0.005, 1), series(0.1, 0.01, 2), DEGRADATION).classification).toBe('low');
    expect(classifyMetric(series(0.1, 0.01, 1), series(0.1, 0.01, 2), DEGRADATION)).toMatchObject({
      classification: 'pass',
      reason: 'the 95% interval of the shift includes 0',
    });
  });

  it('is nodata under 5 steps a side, judged when only one side is short; a zero baseline gives no finite ratio', () => {
    expect(classifyMetric([0.1, 0.1], series(0, 0, 1), DEGRADATION)).toMatchObject({ classification: 'nodata', judged: true, effectSize: null, pValue: null });
    expect(classifyMetric([0.1], [0.2], DEGRADATION)).toMatchObject({ classification: 'nodata', judged: false });
    const fromZero = classifyMetric(series(0.2, 0.01, 1), series(0, 0, 1), DEGRADATION);
    expect(fromZero).toMatchObject({ classification: 'high', effectSize: null });
    expect(classifyMetric(series(0, 0, 1), series(0, 0, 1), DEGRADATION)).toMatchObject({ classification: 'pass', effectSize: 1, reason: 'the canary and baseline samples are identical' });
  });
});
