import type { CliIo } from './CliIo.js';
import type { ExitCode } from './ExitCode.js';

/** A subcommand's implementation; its name, summary and packages are in `COMMANDS` (commandTable.ts). */
export interface Command {
  /** Runs with the arguments after the command name. @throws UsageError for bad usage (exit 2). */
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
