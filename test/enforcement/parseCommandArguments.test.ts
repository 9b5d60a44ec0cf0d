import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commandTable.js';
import { HelpRequest } from '../../cli/HelpRequest.js';
import { parseCommandArguments } from '../../cli/parseCommandArguments.js';
import { MAX_TIMER_MS, parseDuration } from '../../cli/parseDuration.js';
import { UsageError } from '../../cli/UsageError.js';
import { runCliInProcess } from '../support/runCliInProcess.js';

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

describe('parseCommandArguments: help and choice flags', () => {
  const CHOICES = {
    format: { type: 'choice', choices: { text: 1, json: 2 }, default: 'text' },
    color: { type: 'choice', choices: ['auto', 'never'] },
    window: { type: 'duration' },
    help: { type: 'help' },
  } as const;

  it('reads a choice, or its default, or undefined without one; the help flag is not among the values', () => {
    expect(parseCommandArguments(['--format', 'json', '--color', 'never'], CHOICES, USAGE)).toEqual({ format: 'json', color: 'never' });
    expect(parseCommandArguments([], CHOICES, USAGE)).toEqual({ format: 'text' });
  });

  it.each([
    [['--format', 'xml'], "unknown --format 'xml'; expected one of: text, json"],
    [['--color', 'always'], "unknown --color 'always'; expected one of: auto, never"],
    [['--format', ''], "unknown --format ''; expected one of: text, json"],
  ])('%j is a usage error listing the choices', (args, message) => {
    expect(() => parseCommandArguments(args, CHOICES, USAGE)).toThrow(new UsageError(message));
  });

  it('a choice flag without a value is a usage error with the usage, as for any flag', () => {
    expect(() => parseCommandArguments(['--format'], CHOICES, USAGE)).toThrow(/argument missing[\s\S]*Usage: field-dependency example/);
  });

  it('a default that is not one of the choices is a programming error', () => {
    expect(() => parseCommandArguments([], { format: { type: 'choice', choices: ['a'], default: 'b' } }, USAGE)).toThrow(TypeError);
  });

  it.each([[['--help']], [['-h']], [['--format', 'xml', '--help']], [['--window', 'soon', '-h']]])('%j asks for the usage, whatever the other flags say', (args) => {
    expect(() => parseCommandArguments(args, CHOICES, USAGE)).toThrow(new HelpRequest(USAGE));
    try {
      parseCommandArguments(args, CHOICES, USAGE);
    } catch (error) {
      expect((error as HelpRequest).usage).toBe(USAGE);
    }
  });

  it('an unknown flag beside --help is still a usage error', () => {
    expect(() => parseCommandArguments(['--help', '--nope'], CHOICES, USAGE)).toThrow(UsageError);
  });

  it.each(COMMANDS.map((command) => [command.name]))('field-dependency %s --help prints its usage on stdout and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const run = await runCliInProcess([name, flag]);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: field-dependency ${name}\\b[\\s\\S]*-h, --help`));
    }
  });
});
