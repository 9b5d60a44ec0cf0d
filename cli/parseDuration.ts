import { UsageError } from './UsageError.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest delay a Node.js timer honours (2³¹ − 1 ms, about 24.8 days); longer ones fire at once, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The range a duration flag accepts, each end written as a duration (`10ms`, `1h`), as the messages show it. */
export interface DurationBounds {
  readonly min: string;
  readonly max: string;
}

/**
 * The bounds of a duration flag that declares none: from 1ms to 7d (below {@link MAX_TIMER_MS}, so any flag can
 * become a timer).
 */
export const DEFAULT_DURATION_BOUNDS: DurationBounds = Object.freeze({ min: '1ms', max: '7d' });

/**
 * Reads a duration such as `10s`, `500ms`, `1m` or `1m30s` into whole milliseconds, within `bounds`.
 * @throws UsageError naming `option`, the value received and the accepted range when `text` is not a duration,
 * not a whole number of milliseconds, or out of bounds.
 */
export function parseDuration(option: string, text: string, bounds: DurationBounds = DEFAULT_DURATION_BOUNDS): number {
  const milliseconds = durationMilliseconds(text);
  if (milliseconds === undefined || !(milliseconds > 0)) {
    throw new UsageError(`${option} must be a duration such as 10s, 500ms or 1m; received '${text}'`);
  }
  const min = boundMilliseconds(bounds.min);
  const max = boundMilliseconds(bounds.max);
  if (milliseconds < min || milliseconds > max) {
    throw new UsageError(`${option} must be between ${bounds.min} and ${bounds.max}; received '${text}'`);
  }
  if (!Number.isInteger(milliseconds)) throw new UsageError(`${option} must be a whole number of milliseconds; received '${text}'`);
  return milliseconds;
}

function durationMilliseconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map(([part]) => part).join('') !== text) return undefined;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNITS[unit ?? ''] ?? 0), 0);
}

function boundMilliseconds(bound: string): number {
  const milliseconds = durationMilliseconds(bound);
  if (milliseconds === undefined || milliseconds > MAX_TIMER_MS) throw new TypeError(`a duration bound must be a duration of at most ${MAX_TIMER_MS} ms; received '${bound}'`);
  return milliseconds;
}
