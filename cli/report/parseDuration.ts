import { UsageError } from '../UsageError.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration such as `10s`, `500ms`, `1m` or `1m30s` into milliseconds.
 * @throws UsageError naming `option` when `text` is not a positive duration.
 */
export function parseDuration(option: string, text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const milliseconds = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNITS[unit ?? ''] ?? 0), 0);
  if (parts.map(([part]) => part).join('') !== text || !(milliseconds > 0)) {
    throw new UsageError(`${option} must be a duration such as 10s, 500ms or 1m; received '${text}'`);
  }
  return milliseconds;
}
