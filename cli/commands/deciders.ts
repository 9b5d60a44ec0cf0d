import { loadProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import type { Command } from '../Command.js';
import { flagdDefinitions } from '../deciders/flagdDefinitions.js';
import { describeFlagKeyCollision, flagKeyCollisions } from '../deciders/flagKeyCollisions.js';
import { ExitCode } from '../ExitCode.js';
import { collectInventory } from '../inventory/collectInventory.js';
import { parseCommandArguments } from '../parseCommandArguments.js';
import { UsageError } from '../UsageError.js';

const USAGE = `Usage: field-dependency deciders [-p tsconfig.json] [--default 100]

Prints flagd flag definitions (JSON, https://flagd.dev/schema/v0/flags.json) with one decider flag per
field dependency of the project, found as 'inventory' finds them: key field-dependency.<owner>.<field>
(or the dependency's 'decider' option), variants on (100) and off (0), serving --default. Commit the
output to the fleet's flag source; switch a field off by setting its defaultVariant to "off".
Dependencies declared with 'decider: false' get no flag; those whose key only the running code knows
are listed on stderr. Two dependencies whose keys would be the same (a dot in an owner or field name)
are refused, naming both. Exit code 0, or 2 on bad usage, a bad tsconfig or such a collision.

Options:
  -p, --project <path>   tsconfig.json, or its directory (default: ./tsconfig.json)
  --default <percent>    the percentage every flag serves, 0 to 100 (default: 100)
  -h, --help             show this help
`;

/** `field-dependency deciders`: flagd flag definitions for every declared field dependency. */
export const decidersCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const values = parseCommandArguments(
      args,
      {
        project: { type: 'string', short: 'p' },
        default: { type: 'string' },
        help: { type: 'help' },
      },
      USAGE,
    );
    const written = values.default ?? '100';
    const percent = /^\d+(\.\d+)?$/.test(written) ? Number(written) : NaN;
    if (!(percent >= 0 && percent <= 100)) {
      throw new UsageError(`--default must be a percentage from 0 to 100, such as 100 or 37.5; received '${written}'`);
    }
    const inventory = collectInventory(loadProject(values.project, io.cwd), io.cwd);
    const collisions = flagKeyCollisions(inventory.entries);
    if (collisions.length > 0) {
      for (const collision of collisions) io.stderr.write(`field-dependency: ${describeFlagKeyCollision(collision)}\n`);
      return ExitCode.usageOrConfiguration;
    }
    const { definitions, unknown } = flagdDefinitions(inventory, percent);
    io.stdout.write(`${JSON.stringify(definitions, null, 2)}\n`);
    for (const entry of unknown) {
      io.stderr.write(
        `field-dependency: ${entry.file}:${entry.line}: no flag for ${entry.field === undefined ? 'this dependency' : `'${entry.field}'`}: its owner, name or decider is known only at run time; add its flag by hand\n`,
      );
    }
    return ExitCode.clean;
  },
};
