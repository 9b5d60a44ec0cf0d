import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_DURATION_BOUNDS, parseDuration, type DurationBounds } from './parseDuration.js';
import { UsageError } from './UsageError.js';

/** What `parseArgs` returns for `options` in strict mode without positionals. */
export type StrictValues<Options extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; strict: true; allowPositionals: false }>
>['values'];

/** One flag of `node:util` `parseArgs`. */
type ParseArgsOptionConfig = NonNullable<ParseArgsConfig['options']>[string];

/**
 * A flag whose value is a duration (`10s`, `500ms`, `1m30s`): it arrives as whole milliseconds, within its
 * bounds, so that no command can start a timer Node.js would fire at once or a window that never happened.
 */
export interface DurationFlag extends Partial<DurationBounds> {
  readonly type: 'duration';
}

/** A command's flags: those of `node:util` `parseArgs`, and duration flags. */
export type CommandFlags = Readonly<Record<string, ParseArgsOptionConfig | DurationFlag>>;

type DurationKeys<Flags extends CommandFlags> = { [K in keyof Flags]: Flags[K] extends DurationFlag ? K : never }[keyof Flags];

type ParseArgsFlags<Flags extends CommandFlags> = {
  -readonly [K in keyof Flags]: Flags[K] extends DurationFlag ? { type: 'string' } : Extract<Flags[K], ParseArgsOptionConfig>;
};

/** The parsed flags: as `parseArgs` returns them, with each duration flag in milliseconds. */
export type CommandValues<Flags extends CommandFlags> = Omit<StrictValues<ParseArgsFlags<Flags>>, DurationKeys<Flags>> & {
  readonly [K in DurationKeys<Flags>]?: number;
};

/**
 * Parses a command's flags strictly (no positionals, no unknown flags). A bad flag is a {@link UsageError}
 * whose message ends with the command's usage, so every command reports it the same way (exit 2). Duration
 * flags (`{ type: 'duration', min: '10ms', max: '1h' }`, by default 1ms to 7d) are read into milliseconds; a
 * value that is not a duration or is out of bounds is a {@link UsageError} naming the flag and the range.
 */
export function parseCommandArguments<const Flags extends CommandFlags>(args: readonly string[], flags: Flags, usage: string): CommandValues<Flags> {
  const options: Record<string, ParseArgsOptionConfig> = {};
  for (const [name, flag] of Object.entries(flags)) options[name] = isDurationFlag(flag) ? { type: 'string' } : flag;
  let values: Record<string, unknown>;
  try {
    values = { ...parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, { cause: error });
  }
  for (const [name, flag] of Object.entries(flags)) {
    const text = values[name];
    if (!isDurationFlag(flag) || typeof text !== 'string') continue;
    values[name] = parseDuration(`--${name}`, text, { min: flag.min ?? DEFAULT_DURATION_BOUNDS.min, max: flag.max ?? DEFAULT_DURATION_BOUNDS.max });
  }
  return values as CommandValues<Flags>;
}

function isDurationFlag(flag: ParseArgsOptionConfig | DurationFlag): flag is DurationFlag {
  return flag.type === 'duration';
}
