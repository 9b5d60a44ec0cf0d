import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from '../../cli/parseCommandArguments.js';
import { MAX_TIMER_MS, parseDuration } from '../../cli/parseDuration.js';
import { UsageError } from '../../cli/UsageError.js';

const USAGE = 'Usage: field-dependency example [--window 10m] [--step 30s]\n';
const FLAGS = {
  window: { type: 'duration' },
  step: { type: 'duration', min: '1s', max: '1h' },
  format: { type: 'string' },
} as const;

describe('parseCommandArguments: duration flags', () => {
  it('returns durations in whole milliseconds, other flags as parseArgs does, absent ones undefined', () => {
    expect(parseCommandArguments(['--window', '1m30s', '--step', '30s', '--format', 'json'], FLAGS, USAGE)).toEqual({ window: 90_000, step: 30_000, format: 'json' });
    expect(parseCommandArguments([], FLAGS, USAGE)).toEqual({});
  });

  it.each([
    [['--window', '8d'], "--window must be between 1ms and 7d; received '8d'"],
    [['--window', '0.5ms'], "--window must be between 1ms and 7d; received '0.5ms'"],
    [['--window', '2.5ms'], "--window must be a whole number of milliseconds; received '2.5ms'"],
    [['--step', '500ms'], "--step must be between 1s and 1h; received '500ms'"],
    [['--step', '2h'], "--step must be between 1s and 1h; received '2h'"],
    [['--step', 'soon'], "--step must be a duration such as 10s, 500ms or 1m; received 'soon'"],
  ])('%j is a usage error naming the flag and the range', (args, message) => {
    expect(() => parseCommandArguments(args, FLAGS, USAGE)).toThrow(new UsageError(message));
  });

  it('a duration flag without a value is a usage error with the usage, as for any flag', () => {
    expect(() => parseCommandArguments(['--window'], FLAGS, USAGE)).toThrow(/argument missing[\s\S]*Usage: field-dependency example/);
  });

  it('never lets a duration past the longest timer Node.js honours', () => {
    expect(parseDuration('--timeout', '7d')).toBeLessThan(MAX_TIMER_MS);
    expect(() => parseDuration('--timeout', '1s', { min: '1ms', max: '30d' })).toThrow(TypeError);
  });
});
