import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './UsageError.js';

/** What `parseArgs` returns for `options` in strict mode without positionals. */
export type StrictValues<Options extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses a command's flags strictly (no positionals, no unknown flags). A bad flag is a {@link UsageError}
 * whose message ends with the command's usage, so every command reports it the same way (exit 2).
 */
export function parseCommandArguments<const Options extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: Options,
  usage: string,
): StrictValues<Options> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, { cause: error });
  }
}
