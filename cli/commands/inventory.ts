import { loadProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { collectInventory } from '../inventory/collectInventory.js';
import { INVENTORY_FORMATS, type InventoryFormat } from '../inventory/InventoryFormat.js';
import { parseCommandArguments } from '../parseCommandArguments.js';

const USAGE = `Usage: field-dependency inventory [-p tsconfig.json] [--format md|json|csv]

Lists every field dependency of the project (decorated methods and wrapped functions) with its field,
owner, critical, tier, type, decider flag key and file:line, sorted by owner then field: the table a production-readiness
review goes through with the owning teams. '?' (md), null (json) or an empty value (csv) stands for
what only the running code knows, such as options built at run time. In csv, a value starting with
=, +, -, @, a tab or a carriage return (a spreadsheet formula) is written as text: quoted, after a '.
Exit code 0, or 2 on bad usage or a bad tsconfig.

Options:
  -p, --project <path>   tsconfig.json, or its directory (default: ./tsconfig.json)
  --format <format>      md (default: a Markdown table), json or csv
  -h, --help             show this help
`;

/** `field-dependency inventory`: the table of every field dependency, for readiness reviews. */
export const inventoryCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const parsed = parseInventoryArguments(args);
    io.stdout.write(INVENTORY_FORMATS[parsed.format](collectInventory(loadProject(parsed.project, io.cwd), io.cwd)));
    return ExitCode.clean;
  },
};

function parseInventoryArguments(args: readonly string[]): { project: string | undefined; format: InventoryFormat } {
  const values = parseCommandArguments(
    args,
    {
      project: { type: 'string', short: 'p' },
      format: { type: 'choice', choices: INVENTORY_FORMATS, default: 'md' },
      help: { type: 'help' },
    },
    USAGE,
  );
  return { project: values.project, format: values.format };
}
