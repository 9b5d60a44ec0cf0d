import { checkProject } from '../check/checkProject.js';
import { loadProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { CHECK_FORMATS } from '../check/formats/CheckFormat.js';
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
    const { project, format } = parseCheckArguments(args);
    const result = checkProject(loadProject(project, io.cwd), io.cwd);
    io.stdout.write(CHECK_FORMATS[format](result));
    return result.findings.length === 0 ? ExitCode.clean : ExitCode.violations;
  },
};

function parseCheckArguments(args: readonly string[]): { project: string | undefined; format: keyof typeof CHECK_FORMATS } {
  const values = parseCommandArguments(
    args,
    {
      project: { type: 'string', short: 'p' },
      format: { type: 'choice', choices: CHECK_FORMATS, default: 'text' },
      help: { type: 'help' },
    },
    USAGE,
  );
  return { project: values.project, format: values.format };
}
