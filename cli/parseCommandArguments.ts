import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelpRequest } from './HelpRequest.js';
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

/** `-h`, `--help`: the command's usage on stdout, exit 0 (a {@link HelpRequest} that `runCli` answers). */
export interface HelpFlag {
  readonly type: 'help';
}

/**
 * A flag whose value is one of `choices` (`--format text|json`), or `default` when absent (`undefined` without
 * a default). `choices` is a list, or an object whose keys are the choices (a table of formatters).
 */
export interface ChoiceFlag {
  readonly type: 'choice';
  readonly choices: readonly string[] | object;
  readonly default?: string;
}

/** One flag of a command: a `node:util` `parseArgs` flag, or one of the kinds above. */
export type CommandFlag = ParseArgsOptionConfig | DurationFlag | HelpFlag | ChoiceFlag;

/** A command's flags, by name. */
export type CommandFlags = Readonly<Record<string, CommandFlag>>;

type KeysOf<Flags extends CommandFlags, Kind> = { [K in keyof Flags]: Flags[K] extends Kind ? K : never }[keyof Flags];

type ParseArgsFlags<Flags extends CommandFlags> = {
  -readonly [K in Exclude<keyof Flags, KeysOf<Flags, HelpFlag | DurationFlag | ChoiceFlag>>]: Extract<Flags[K], ParseArgsOptionConfig>;
};

/** The value of a choice flag: one of its choices. */
type ChoiceOf<Flag> = Flag extends { readonly choices: readonly (infer Choice)[] } ? Choice : Flag extends { readonly choices: infer Table } ? keyof Table & string : never;

/** The parsed flags: as `parseArgs` returns them, each duration in milliseconds, each choice one of its choices. */
export type CommandValues<Flags extends CommandFlags> = StrictValues<ParseArgsFlags<Flags>> & {
  readonly [K in KeysOf<Flags, DurationFlag>]?: number;
} & {
  readonly [K in KeysOf<Flags, ChoiceFlag>]: ChoiceOf<Flags[K]> | (Flags[K] extends { readonly default: string } ? never : undefined);
};

/**
 * Parses a command's flags strictly (no positionals, no unknown flags). A bad flag is a {@link UsageError}
 * whose message ends with the command's usage, so every command reports it the same way (exit 2).
 * - A help flag (`{ type: 'help' }`, `-h` and `--help`) given throws a {@link HelpRequest} carrying `usage`.
 * - Duration flags (`{ type: 'duration', min: '10ms', max: '1h' }`, by default 1ms to 7d) are read into
 *   milliseconds; a value that is not a duration or is out of bounds is a {@link UsageError} naming the flag
 *   and the range.
 * - Choice flags (`{ type: 'choice', choices: ['text', 'json'], default: 'text' }`) are one of their choices;
 *   another value is a {@link UsageError} listing them.
 */
export function parseCommandArguments<const Flags extends CommandFlags>(args: readonly string[], flags: Flags, usage: string): CommandValues<Flags> {
  const options: Record<string, ParseArgsOptionConfig> = {};
  for (const [name, flag] of Object.entries(flags)) options[name] = parseArgsOption(flag);
  let values: Record<string, unknown>;
  try {
    values = { ...parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, { cause: error });
  }
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.type === 'help' && values[name] === true) throw new HelpRequest(usage);
  }
  for (const [name, flag] of Object.entries(flags)) {
    const text = values[name];
    if (flag.type === 'help') delete values[name];
    else if (flag.type === 'duration' && typeof text === 'string') {
      values[name] = parseDuration(`--${name}`, text, { min: flag.min ?? DEFAULT_DURATION_BOUNDS.min, max: flag.max ?? DEFAULT_DURATION_BOUNDS.max });
    } else if (flag.type === 'choice') {
      const value = choice(name, flag, text);
      if (value === undefined) delete values[name];
      else values[name] = value;
    }
  }
  return values as CommandValues<Flags>;
}

/** How `parseArgs` reads `flag`. */
function parseArgsOption(flag: CommandFlag): ParseArgsOptionConfig {
  switch (flag.type) {
    case 'help':
      return { type: 'boolean', short: 'h' };
    case 'duration':
    case 'choice':
      return { type: 'string' };
    default:
      return flag;
  }
}

/** The value of choice flag `--name`: `text` when it is one of the choices, the default when absent. */
function choice(name: string, flag: ChoiceFlag, text: unknown): string | undefined {
  const choices = Array.isArray(flag.choices) ? (flag.choices as readonly string[]) : Object.keys(flag.choices);
  if (flag.default !== undefined && !choices.includes(flag.default)) {
    throw new TypeError(`--${name}: the default '${flag.default}' is not one of its choices (${choices.join(', ')})`);
  }
  if (text === undefined) return flag.default;
  if (typeof text !== 'string' || !choices.includes(text)) throw new UsageError(`unknown --${name} '${String(text)}'; expected one of: ${choices.join(', ')}`);
  return text;
}
