import path from 'node:path';
import { loadProject } from '../check/loadProject.js';
import type { CliIo } from '../CliIo.js';
import { loadCodeowners } from '../codeowners/loadCodeowners.js';
import { teamOwnerLabel } from '../codeowners/teamOwnerLabel.js';
import { formatCodemodSummary } from '../codemod/formatCodemodSummary.js';
import { formatUnifiedDiff } from '../codemod/formatUnifiedDiff.js';
import { partitionByProjectRoot } from '../codemod/outsideProjectRoot.js';
import { planTypeCheckedCodemod } from '../codemod/planTypeCheckedCodemod.js';
import { uncommittedChanges } from '../codemod/uncommittedChanges.js';
import { writeChanges } from '../codemod/writeChanges.js';
import type { Command } from '../Command.js';
import { ExitCode } from '../ExitCode.js';
import { UsageError } from '../UsageError.js';
import { parseCommandArguments } from '../parseCommandArguments.js';
import { OWNER_PATTERN, OWNER_PATTERN_TEXT } from '../../src/contract/ownerPattern.js';

const USAGE = `Usage: field-dependency codemod [-p tsconfig.json] [--write] [--owners CODEOWNERS] [--default-owner TEAM]

Wraps every loader 'check' reports as unwrapped: a decorator on class methods, fieldDependency(type, { owner })(fn)
around functions; adds the import. 'type' fits the value type the DataLoader declares (new DataLoader<K, V>, a
typed holder) and the loader's return type; 'owner' comes from CODEOWNERS (the last matching rule's first team:
@org/shopping-team -> shopping-team) or --default-owner. Where either cannot be decided, or where the project's
own type-check of the changes finds that a wrapper would not compile, the loader stays unwrapped under a
'field-dependency-ignore: TODO(field-dependency) <why>' marker, listed here and by 'check'. Without --write,
prints a unified diff (stdout) and writes nothing. Exit code 0 when everything was wrapped, 1 when TODO markers,
new type errors, unparsable files or bad CODEOWNERS lines remain, 2 on bad usage or configuration.

Options:
  -p, --project <path>      tsconfig.json, or its directory (default: ./tsconfig.json)
  --write                   apply the changes (warns when the git work tree has uncommitted changes); files
                            outside the tsconfig's directory once symlinks are resolved, and files with more
                            than one hard link, are skipped and listed
  --allow-outside-root      with --write, also write those files (reached through .. in include, symlinks
                            or hard links)
  --owners <file>           CODEOWNERS file; patterns are relative to its directory (its parent for .github/ or docs/)
  --default-owner <team>    owner for loaders no CODEOWNERS team owns, e.g. platform or @org/platform
  -h, --help                show this help
`;

/** `field-dependency codemod`: wraps an existing codebase's loaders, for adoption. */
export const codemodCommand: Command = {
  async run(args: readonly string[], io: CliIo): Promise<ExitCode> {
    const options = parseCodemodArguments(args);
    const codeowners = options.owners === undefined ? undefined : loadCodeowners(options.owners, io.cwd);
    const project = loadProject(options.project, io.cwd);
    const plan = planTypeCheckedCodemod(project, { codeowners, defaultOwner: options.defaultOwner });
    let written: readonly string[] | undefined;
    let notWritten = 0;
    if (options.write && plan.changes.length > 0) {
      const root = path.dirname(project.tsconfigPath);
      const { inside, outside } = partitionByProjectRoot(plan.changes, root);
      const toWrite = options.allowOutsideRoot ? plan.changes : inside;
      if (!options.allowOutsideRoot && outside.length > 0) {
        io.stderr.write(
          `field-dependency: not written, outside the project root ${path.relative(io.cwd, root) || '.'} (pass --allow-outside-root to write them):\n` +
            outside
              .map((change) => {
                const shown = path.relative(io.cwd, change.fileName);
                const real = path.relative(io.cwd, change.realPath);
                const links = change.hardLinks === undefined ? '' : ` (${change.hardLinks} hard links: its other names may lie outside the project)`;
                return `  ${shown}${real === shown ? '' : ` -> ${real}`}${links}\n`;
              })
              .join(''),
        );
      }
      const dirty = uncommittedChanges(path.dirname(project.tsconfigPath));
      if (dirty !== undefined && dirty > 0) {
        io.stderr.write(
          `field-dependency: warning: the git work tree has uncommitted changes (${dirty} ${dirty === 1 ? 'path' : 'paths'}); ` +
            `the codemod's changes will be mixed with them: commit or stash first to review them on their own.\n`,
        );
      }
      const result = writeChanges(toWrite);
      for (const file of result.stale) io.stderr.write(`field-dependency: ${file} changed while the codemod ran; not written\n`);
      written = result.written;
      notWritten = plan.changes.length - written.length;
    } else if (!options.write) {
      io.stdout.write(formatUnifiedDiff(plan.changes, io.cwd));
    }
    io.stderr.write(
      formatCodemodSummary(plan, {
        cwd: io.cwd,
        written,
        codeowners: codeowners === undefined || options.owners === undefined ? undefined : { file: options.owners, problems: codeowners.problems },
      }),
    );
    const attention = plan.todos.length + plan.skipped.length + notWritten + (codeowners?.problems.length ?? 0) + (plan.typeCheck?.newErrors.length ?? 0);
    return attention === 0 ? ExitCode.clean : ExitCode.violations;
  },
};

interface CodemodArguments {
  readonly project: string | undefined;
  readonly write: boolean;
  readonly allowOutsideRoot: boolean;
  readonly owners: string | undefined;
  readonly defaultOwner: string | undefined;
}

function parseCodemodArguments(args: readonly string[]): CodemodArguments {
  const values = parseCommandArguments(
    args,
    {
      project: { type: 'string', short: 'p' },
      write: { type: 'boolean' },
      'allow-outside-root': { type: 'boolean' },
      owners: { type: 'string' },
      'default-owner': { type: 'string' },
      help: { type: 'help' },
    },
    USAGE,
  );
  if (values['allow-outside-root'] === true && values.write !== true) throw new UsageError('--allow-outside-root applies to --write only');
  return { project: values.project, write: values.write ?? false, allowOutsideRoot: values['allow-outside-root'] ?? false, owners: values.owners, defaultOwner: defaultOwner(values['default-owner']) };
}

/** `--default-owner`: an owner label, or a CODEOWNERS team mapped the same way as CODEOWNERS teams. */
function defaultOwner(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const owner = given.startsWith('@') ? teamOwnerLabel(given) : OWNER_PATTERN.test(given) ? given : undefined;
  if (owner === undefined) {
    throw new UsageError(`invalid --default-owner '${given}': expected a team name matching ${OWNER_PATTERN_TEXT} or @org/team`);
  }
  return owner;
}
