import { checkProject } from '../check/checkProject.js';
import { loadProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { isCheckFormat, CHECK_FORMATS } from '../check/formats/CheckFormat.js';
import { UsageError } from '../UsageError.js';
import { parseCommandArguments } from '../parseCommandArguments.js';

const USAGE = `Usage: field-dependency check [-p tsconfig.json] [--format text|json|sarif|github]

Finds loaders (DataLoader batch functions, and configured loaders) that are not wrapped with
fieldDependency, and invalid fieldDependency options. Exit code 0 when clean, 1 on problems,
2 on bad usage or configuration.

Options:
  -p, --project <path>   tsconfig.json, or its directory (default: ./tsconfig.json)
  --format <format>      text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  -h, --help             show this help
`;

/** `field-dependency check`: the CI gate. */
export const checkCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const { project, format, help } = parseCheckArguments(args);
    if (help) {
      io.stdout.write(USAGE);
      return ExitCode.clean;
    }
    const result = checkProject(loadProject(project, io.cwd), io.cwd);
    io.stdout.write(CHECK_FORMATS[format](result));
    return result.findings.length === 0 ? ExitCode.clean : ExitCode.violations;
  },
};

function parseCheckArguments(args: readonly string[]): { project: string | undefined; format: keyof typeof CHECK_FORMATS; help: boolean } {
  const values = parseCommandArguments(
    args,
    {
      project: { type: 'string', short: 'p' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const format = values.format ?? 'text';
  if (!isCheckFormat(format)) {
    throw new UsageError(`unknown --format '${format}'; expected one of: ${Object.keys(CHECK_FORMATS).join(', ')}`);
  }
  return { project: values.project, format, help: values.help ?? false };
}
