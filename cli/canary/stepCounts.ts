import type { RangeSeries } from './queryRange.js';
import { CALL_OUTCOMES } from '../../src/contract/metricNames.js';

/** One owner's, or one field's, call rates per step of the window. */
export interface StepCounts {
  readonly all: Float64Array;
  /** Calls the degradation objective counts: every outcome but `shed` (a call brownout shed is neither good nor bad). */
  readonly objective: Float64Array;
  /** Outcome degraded or failed. */
  readonly degraded: Float64Array;
  /** Outcome shed: left out by the process's brownout. */
  readonly shed: Float64Array;
  /** Calls of critical fields. */
  readonly criticalAll: Float64Array;
  /** Failed calls of critical fields. */
  readonly criticalFailed: Float64Array;
  /** Whether any of its fields is critical. */
  critical: boolean;
}

/** Call rates per owner, and per field of each owner. */
export interface FleetCounts {
  readonly owners: Map<string, { readonly total: StepCounts; readonly fields: Map<string, StepCounts> }>;
}

/**
 * Adds up the answer of `callRatesQuery` (series by owner, field, critical and outcome) per owner and per
 * field, step by step (`start` and `step` in seconds place each value).
 */
export function countSteps(series: readonly RangeSeries[], start: number, step: number, steps: number): FleetCounts {
  const owners: FleetCounts['owners'] = new Map();
  const empty = (): StepCounts => ({
    all: new Float64Array(steps),
    objective: new Float64Array(steps),
    degraded: new Float64Array(steps),
    shed: new Float64Array(steps),
    criticalAll: new Float64Array(steps),
    criticalFailed: new Float64Array(steps),
    critical: false,
  });
  for (const { labels, times, values } of series) {
    const owner = labels.owner ?? '';
    const field = labels.field ?? '';
    let entry = owners.get(owner);
    if (entry === undefined) owners.set(owner, (entry = { total: empty(), fields: new Map() }));
    let counts = entry.fields.get(field);
    if (counts === undefined) entry.fields.set(field, (counts = empty()));
    const degraded = labels.outcome === CALL_OUTCOMES.degraded || labels.outcome === CALL_OUTCOMES.failed;
    const shed = labels.outcome === CALL_OUTCOMES.shed;
    const critical = labels.critical === 'true';
    const failed = critical && labels.outcome === CALL_OUTCOMES.failed;
    if (critical) counts.critical = entry.total.critical = true;
    for (let index = 0; index < values.length; index++) {
      const at = Math.round(((times[index] as number) - start) / step);
      if (at < 0 || at >= steps) continue;
      const value = values[index] as number;
      for (const target of [counts, entry.total]) {
        target.all[at] = (target.all[at] as number) + value;
        if (shed) target.shed[at] = (target.shed[at] as number) + value;
        else target.objective[at] = (target.objective[at] as number) + value;
        if (degraded) target.degraded[at] = (target.degraded[at] as number) + value;
        if (critical) target.criticalAll[at] = (target.criticalAll[at] as number) + value;
        if (failed) target.criticalFailed[at] = (target.criticalFailed[at] as number) + value;
      }
    }
  }
  return { owners };
}

/**
 * `part / whole` at each step with calls (a step without calls has no ratio, as 0/0 in PromQL). A step where
 * either is not finite (an infinite rate, or rates whose sum exceeds the largest number) gives NaN, a sample
 * that cannot be compared, rather than a ratio that looks healthy (1e308 degraded of an overflowed Infinity is 0).
 */
export function stepRatios(part: Float64Array, whole: Float64Array): number[] {
  const ratios: number[] = [];
  for (let index = 0; index < whole.length; index++) {
    const [numerator, denominator] = [part[index] as number, whole[index] as number];
    if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) ratios.push(Number.NaN);
    else if (denominator > 0) ratios.push(numerator / denominator);
  }
  return ratios;
}
