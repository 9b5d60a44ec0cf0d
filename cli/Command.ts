import type { CliIo } from './CliIo.js';
import type { ExitCode } from './ExitCode.js';

/** A subcommand: `field-dependency <name> [arguments]`. */
export interface Command {
  readonly name: string;
  /** One line for the top-level usage. */
  readonly summary: string;
  /** Runs with the arguments after the command name. @throws UsageError for bad usage (exit 2). */
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
