/** The brownout level at one moment (see `brownoutLevel`). */
export interface LevelPoint {
  /** Milliseconds since the run started. */
  readonly at: number;
  readonly level: number;
}

/** A level at or below this is full service (a ratio scraped as 0.9999…). */
export const FULL_SERVICE_LEVEL = 0.01;

/**
 * How long after `fromMs` (the load back to normal) the level was back at full service for good: the
 * first point at or after `fromMs` from which every later point is at full service, minus `fromMs`.
 * 0 when it never left full service; `undefined` when the trace does not end at full service.
 */
export function recoveryMs(trace: readonly LevelPoint[], fromMs: number): number | undefined {
  const after = trace.filter((point) => point.at >= fromMs);
  if (after.length === 0 || (after.at(-1) as LevelPoint).level > FULL_SERVICE_LEVEL) return undefined;
  let index = after.length - 1;
  while (index > 0 && (after[index - 1] as LevelPoint).level <= FULL_SERVICE_LEVEL) index--;
  return index === 0 ? 0 : (after[index] as LevelPoint).at - fromMs;
}

/**
 * How often the level changed direction between `fromMs` and `toMs` by at least `minSwing` classes (a
 * zigzag count: a move up then a move down of `minSwing` or more is one reversal); a controller that
 * settles has few, one that oscillates has one every few points.
 */
export function reversals(trace: readonly LevelPoint[], fromMs: number, toMs: number, minSwing = 0.5): number {
  let count = 0;
  let direction: 'up' | 'down' | undefined;
  let high = -Infinity;
  let low = Infinity;
  for (const { at, level } of trace) {
    if (at < fromMs || at > toMs) continue;
    if (direction === undefined) {
      high = Math.max(high, level);
      low = Math.min(low, level);
      if (level - low >= minSwing) [direction, high] = ['up', level];
      else if (high - level >= minSwing) [direction, low] = ['down', level];
    } else if (direction === 'up') {
      if (level > high) high = level;
      else if (high - level >= minSwing) [count, direction, low] = [count + 1, 'down', level];
    } else if (level < low) {
      low = level;
    } else if (level - low >= minSwing) {
      [count, direction, high] = [count + 1, 'up', level];
    }
  }
  return count;
}

/** The trace as one level per point, one decimal, e.g. `0 0 1.5 3.2 3 2.8 0` (for a table). */
export function formatTrace(trace: readonly LevelPoint[]): string {
  return trace.map((point) => String(Number(point.level.toFixed(1)))).join(' ');
}
