import type { CliIo } from './CliIo.js';
import type { Command } from './Command.js';
import { canaryCommand } from './commands/canary.js';
import { checkCommand } from './commands/check.js';
import { codemodCommand } from './commands/codemod.js';
import { decidersCommand } from './commands/deciders.js';
import { inventoryCommand } from './commands/inventory.js';
import { reportCommand } from './commands/report.js';
import { rulesCommand } from './commands/rules.js';
import { ExitCode } from './ExitCode.js';
import { isConfigError } from '../detection/index.js';
import { UsageError } from './UsageError.js';

/** The CLI's subcommands. */
const COMMANDS: readonly Command[] = [checkCommand, codemodCommand, inventoryCommand, decidersCommand, rulesCommand, reportCommand, canaryCommand];

/**
 * Runs `field-dependency <command> …` and returns the exit code; never throws. Usage and configuration
 * problems print one message naming the problem to stderr and return 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? ExitCode.usageOrConfiguration : ExitCode.clean;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (command === undefined) {
      throw new UsageError(`unknown command '${name}'; expected one of: ${COMMANDS.map((known) => known.name).join(', ')}`);
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || isConfigError(error)) {
      io.stderr.write(`field-dependency: ${error.message}\n`);
      return ExitCode.usageOrConfiguration;
    }
    io.stderr.write(`field-dependency: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usageOrConfiguration;
  }
}

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(10)}${command.summary}`);
  return `Usage: field-dependency <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'field-dependency <command> --help' for a command's options.\n`;
}
