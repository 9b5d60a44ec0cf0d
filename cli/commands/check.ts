import path from 'node:path';
import type { CheckResult } from '../check/CheckResult.js';
import { checkProject } from '../check/checkProject.js';
import { fallbackMisfits } from '../check/fallbackMisfits.js';
import { loadProject, type LoadedProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { CHECK_FORMATS } from '../check/formats/CheckFormat.js';
import { parseCommandArguments } from '../parseCommandArguments.js';

const USAGE = `Usage: field-dependency check [-p tsconfig.json] [--format text|json|sarif|github] [--types]

Finds loaders (DataLoader batch functions, and configured loaders) that are not wrapped with
fieldDependency, and invalid fieldDependency options. Exit code 0 when clean, 1 on problems,
2 on bad usage or configuration.

Options:
  -p, --project <path>   tsconfig.json, or its directory (default: ./tsconfig.json)
  --format <format>      text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  --types                also report fallbacks whose empty value does not fit the loader's value type
                         (new DataLoader<K, V>, a typed holder, else the batch function's result), judged with
                         strictNullChecks on: a [null] for a value type without null is found even where the
                         project compiles with strictNullChecks off
  -h, --help             show this help
`;

/** `field-dependency check`: the CI gate. */
export const checkCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const { project, format, types } = parseCheckArguments(args);
    const loaded = loadProject(project, io.cwd);
    const checked = checkProject(loaded, io.cwd);
    const result = types ? withFallbackMisfits(checked, loaded, io.cwd) : checked;
    io.stdout.write(CHECK_FORMATS[format](result));
    return result.findings.length === 0 ? ExitCode.clean : ExitCode.violations;
  },
};

/** The check's result with `--types` findings added, in the same order as the others. */
function withFallbackMisfits(result: CheckResult, project: LoadedProject, cwd: string): CheckResult {
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const findings = [...result.findings, ...fallbackMisfits(project, relative)];
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { ...result, findings };
}

function parseCheckArguments(args: readonly string[]): { project: string | undefined; format: keyof typeof CHECK_FORMATS; types: boolean } {
  const values = parseCommandArguments(
    args,
    {
      project: { type: 'string', short: 'p' },
      format: { type: 'choice', choices: CHECK_FORMATS, default: 'text' },
      types: { type: 'boolean' },
      help: { type: 'help' },
    },
    USAGE,
  );
  return { project: values.project, format: values.format, types: values.types ?? false };
}
