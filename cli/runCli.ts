import type { CliIo } from './CliIo.js';
import { COMMANDS } from './commandTable.js';
import { escapeControlCharacters } from './escapeControlCharacters.js';
import { ExitCode } from './ExitCode.js';
import { HelpRequest } from './HelpRequest.js';
import { isConfigError } from '../detection/config/ConfigError.js';
import { missingPackages, missingPackagesMessage } from '../tooling/missingPackages.js';
import { UsageError } from './UsageError.js';

/**
 * Runs `field-dependency <command> …` and returns the exit code; never throws. Usage and configuration
 * problems print one message naming the problem to stderr and return 2, and so does a command whose
 * tooling packages (optional peers) are not installed: the message names them. Only the command that
 * runs is loaded. A command's `--help` prints its usage on stdout (exit 0).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? ExitCode.usageOrConfiguration : ExitCode.clean;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (entry === undefined) {
      throw new UsageError(`unknown command '${name}'; expected one of: ${COMMANDS.map((known) => known.name).join(', ')}`);
    }
    const missing = missingPackages(entry.packages);
    if (missing.length > 0) {
      io.stderr.write(`field-dependency: ${missingPackagesMessage(`field-dependency ${entry.name}`, missing)}\n`);
      return ExitCode.usageOrConfiguration;
    }
    const command = await entry.load();
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof HelpRequest) {
      io.stdout.write(error.usage);
      return ExitCode.clean;
    }
    if (error instanceof UsageError || isConfigError(error)) {
      // messages quote what servers answered and files hold: no control character reaches the terminal
      io.stderr.write(`field-dependency: ${escapeControlCharacters(error.message, true)}\n`);
      return ExitCode.usageOrConfiguration;
    }
    io.stderr.write(`field-dependency: internal error: ${escapeControlCharacters(error instanceof Error ? (error.stack ?? error.message) : String(error), true)}\n`);
    return ExitCode.usageOrConfiguration;
  }
}

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(10)}${command.summary}`);
  return `Usage: field-dependency <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'field-dependency <command> --help' for a command's options.\n`;
}
