import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT } from '../enforcement/support/paths.js';
import { runCliProcess } from '../enforcement/support/runCheckCli.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { BASIC_TSCONFIG, temporaryProjects, type ProjectFiles } from '../enforcement/support/temporaryProjects.js';

/** What the summary says where the project cannot resolve this package, as in these throwaway projects. */
const NOT_TYPE_CHECKED = "Not type-checked: the project does not resolve 'field-dependency' (install it: npm install field-dependency).";

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

const LOADER = `import DataLoader from 'dataloader';

declare function fetchPins(ids: readonly string[]): Promise<(string | null)[]>;

export const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids));
`;
const WRAPPED = `import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';

declare function fetchPins(ids: readonly string[]): Promise<(string | null)[]>;

export const pins = new DataLoader(fieldDependency([null], { owner: 'core', name: 'pins' })(async (ids: readonly string[]) => fetchPins(ids)));
`;

/** What the summary says where the project does not resolve `field-dependency`: the changes cannot be type-checked. */
/** The summary's tier line for one optional loader. */
const TIER_2 = 'Tiers: 1 optional at tier 2 (the default, not written; a brownout may shed it: add tier: 3 where a field may go first).';
const NOT_CHECKED = "Not type-checked: the project does not resolve 'field-dependency' (install it: npm install field-dependency).\n";

function project(files: ProjectFiles = {}): string {
  return projects.create({ 'package.json': '{ "name": "app", "type": "module" }', 'tsconfig.json': BASIC_TSCONFIG, 'src/pins.ts': LOADER, ...files });
}

function read(directory: string, file: string): string {
  return fs.readFileSync(path.join(directory, file), 'utf8');
}

function git(directory: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: directory, encoding: 'utf8' });
}

describe('field-dependency codemod, as a process', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('dry run: prints the diff on stdout and the report on stderr, writes nothing, exits 0 when all is wrapped', async () => {
    const directory = project();
    const run = await runCliProcess(['codemod', '--default-owner', 'core'], directory);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'diff --git a/src/pins.ts b/src/pins.ts',
        '--- a/src/pins.ts',
        '+++ b/src/pins.ts',
        '@@ -1,5 +1,6 @@',
        " import DataLoader from 'dataloader';",
        "+import { fieldDependency } from 'field-dependency';",
        ' ',
        ' declare function fetchPins(ids: readonly string[]): Promise<(string | null)[]>;',
        ' ',
        '-export const pins = new DataLoader(async (ids: readonly string[]) => fetchPins(ids));',
        "+export const pins = new DataLoader(fieldDependency([null], { owner: 'core', name: 'pins' })(async (ids: readonly string[]) => fetchPins(ids)));",
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe(`Would wrap 1 loader, changing 1 file (dry run: nothing written; --write applies the diff).\n${TIER_2}\n${NOT_CHECKED}`);
    expect(read(directory, 'src/pins.ts')).toBe(LOADER);
  });

  it('--write: writes the files, prints only the report, exits 1 while TODO markers remain', async () => {
    const directory = project({ 'src/orphan.ts': LOADER.replace('export const pins', 'export const orphans') });
    fs.writeFileSync(path.join(directory, 'CODEOWNERS'), '/src/pins.ts @acme/core\n');
    const run = await runCliProcess(['codemod', '--write', '--owners', 'CODEOWNERS'], directory);

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'Wrapped 1 loader and marked 1 TODO: 2 files written.',
        TIER_2,
        NOT_CHECKED,
        'TODO(field-dependency) markers (1), loaders left unwrapped for a person to decide:',
        '  src/orphan.ts:5  the batch function of orphans: no owner: no CODEOWNERS rule matches src/orphan.ts, and no --default-owner',
        '',
      ].join('\n'),
    );
    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
    expect(read(directory, 'src/orphan.ts')).toBe(
      LOADER.replace(
        'export const pins',
        '// field-dependency-ignore: TODO(field-dependency) no owner: no CODEOWNERS rule matches src/orphan.ts, and no --default-owner\nexport const orphans',
      ),
    );
  });

  it('prints its usage with --help', async () => {
    const run = await runCliInProcess(['codemod', '--help'], project());

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: field-dependency codemod \[-p tsconfig\.json\] \[--write\] \[--owners CODEOWNERS\] \[--default-owner TEAM\]/);
  });
});

describe('codemod usage errors exit 2, naming the problem', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it.each([
    { case: 'an unknown flag', args: ['--fix'], message: /Unknown option '--fix'/ },
    { case: 'an invalid default owner', args: ['--default-owner', 'Not A Team'], message: /invalid --default-owner 'Not A Team': expected a team name/ },
    { case: 'a default owner that is a user', args: ['--default-owner', '@alice'], message: /invalid --default-owner '@alice'/ },
    { case: 'a CODEOWNERS file that cannot be read', args: ['--owners', 'nowhere/CODEOWNERS'], message: /cannot read --owners nowhere\/CODEOWNERS: ENOENT/ },
    { case: 'a missing tsconfig', args: ['-p', 'nowhere/tsconfig.json'], message: /tsconfig not found: nowhere\/tsconfig\.json/ },
  ])('$case', async ({ args, message }) => {
    const directory = project();
    const run = await runCliInProcess(['codemod', ...args], directory);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(read(directory, 'src/pins.ts')).toBe(LOADER);
  });

  it('a tsconfig that is not valid JSON', async () => {
    const run = await runCliInProcess(['codemod'], project({ 'tsconfig.json': '{ "compilerOptions": ' }));

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/tsconfig\.json is not a valid tsconfig/);
  });
});

describe('codemod on bad input', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('reports a file that does not parse, writes nothing to it, and wraps the others', async () => {
    const broken = `import DataLoader from 'dataloader';\n\nexport const boards = new DataLoader(async (ids: readonly string[]) => ids.map(() => null);\n`;
    const directory = project({ 'src/broken.ts': broken });
    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], directory);

    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe("src/broken.ts:3:91: does not parse (')' expected.); skipped, nothing written to it");
    expect(read(directory, 'src/broken.ts')).toBe(broken);
    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
  });

  it('reports each CODEOWNERS line it cannot use with its line number, and uses the others', async () => {
    const directory = project();
    fs.writeFileSync(path.join(directory, 'CODEOWNERS'), '* @acme/core\n!src/vendor/ @acme/vendor\nsrc/legacy/ legacy-team\n');
    const run = await runCliInProcess(['codemod', '--write', '--owners', 'CODEOWNERS'], directory);

    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      "CODEOWNERS:2: pattern '!src/vendor/': negation with '!' is not supported in CODEOWNERS; line skipped",
      "CODEOWNERS:3: owner 'legacy-team' is not @user, @org/team or an e-mail address; line skipped",
      'Wrapped 1 loader: 1 file written.',
    ]);
    expect(run.stderr.split('\n')[3]).toBe(TIER_2);
    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
  });

  it('--write writes nothing outside the project root: not through .. in include, a symlinked file or a symlinked folder', async () => {
    const loader = (name: string): string => LOADER.replace('export const pins', `export const ${name}`);
    const parent = projects.create({
      'app/package.json': '{ "name": "app", "type": "module" }',
      'app/tsconfig.json': JSON.stringify({ ...JSON.parse(BASIC_TSCONFIG), include: ['src', '../shared/*.ts'] }),
      'app/src/pins.ts': LOADER,
      'shared/included.ts': loader('included'),
      'elsewhere/linkedFile.ts': loader('linkedFile'),
      'elsewhere/folder/inFolder.ts': loader('inFolder'),
    });
    fs.symlinkSync(path.join(parent, 'elsewhere/linkedFile.ts'), path.join(parent, 'app/src/linked.ts'));
    fs.symlinkSync(path.join(parent, 'elsewhere/folder'), path.join(parent, 'app/src/vendor'), 'dir');
    const app = path.join(parent, 'app');
    const outside = ['shared/included.ts', 'elsewhere/linkedFile.ts', 'elsewhere/folder/inFolder.ts'];
    const before = outside.map((file) => read(parent, file));

    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], app);

    expect(run.status).toBe(1);
    expect(read(app, 'src/pins.ts')).toContain("fieldDependency([null], { owner: 'core', name: 'pins' })");
    expect(outside.map((file) => read(parent, file))).toEqual(before);
    expect(run.stderr.split('\n').slice(0, 4).sort()).toEqual(
      [
        'field-dependency: not written, outside the project root . (pass --allow-outside-root to write them):',
        '  ../shared/included.ts',
        '  src/linked.ts -> ../elsewhere/linkedFile.ts',
        '  src/vendor/inFolder.ts -> ../elsewhere/folder/inFolder.ts',
      ].sort(),
    );
    expect(run.stderr.split('\n').slice(4)).toEqual([
      'Planned to wrap 4 loaders in 4 files: 1 written, 3 not written (listed above).',
      'Tiers: 4 optional at tier 2 (the default, not written; a brownout may shed them: add tier: 3 where a field may go first).',
      NOT_TYPE_CHECKED,
      '',
    ]);

    const allowed = await runCliInProcess(['codemod', '--write', '--allow-outside-root', '--default-owner', 'core'], app);
    expect(allowed.status).toBe(0);
    expect(read(parent, 'shared/included.ts')).toContain("fieldDependency([null], { owner: 'core'");
    expect(read(parent, 'elsewhere/linkedFile.ts')).toContain("fieldDependency([null], { owner: 'core'");
    expect(read(parent, 'elsewhere/folder/inFolder.ts')).toContain("fieldDependency([null], { owner: 'core'");
  });

  it('--write refuses a file with another hard link (its other name may lie outside the project), and its summary counts only the files written', async () => {
    const parent = projects.create({
      'app/package.json': '{ "name": "app", "type": "module" }',
      'app/tsconfig.json': BASIC_TSCONFIG,
      'app/src/pins.ts': LOADER,
      'elsewhere/shared.ts': LOADER.replace('export const pins', 'export const shared'),
    });
    fs.linkSync(path.join(parent, 'elsewhere/shared.ts'), path.join(parent, 'app/src/shared.ts'));
    const app = path.join(parent, 'app');
    const before = read(parent, 'elsewhere/shared.ts');

    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], app);

    expect(run.stderr).toBe(
      'field-dependency: not written, outside the project root . (pass --allow-outside-root to write them):\n' +
        '  src/shared.ts (2 hard links: its other names may lie outside the project)\n' +
        'Planned to wrap 2 loaders in 2 files: 1 written, 1 not written (listed above).\n' +
        'Tiers: 2 optional at tier 2 (the default, not written; a brownout may shed them: add tier: 3 where a field may go first).\n' +
        `${NOT_TYPE_CHECKED}\n`,
    );
    expect(run.status).toBe(1);
    expect(read(app, 'src/pins.ts')).toBe(WRAPPED);
    expect(read(parent, 'elsewhere/shared.ts')).toBe(before);

    const allowed = await runCliInProcess(['codemod', '--write', '--allow-outside-root', '--default-owner', 'core'], app);
    expect(allowed).toMatchObject({ status: 0, stderr: `Wrapped 1 loader: 1 file written.\n${TIER_2}\n${NOT_TYPE_CHECKED}\n` });
    expect(read(parent, 'elsewhere/shared.ts')).toContain("fieldDependency([null], { owner: 'core', name: 'shared' })");
  });

  it('--write lists a TODO marker of a file it did not write as not written', async () => {
    const parent = projects.create({
      'app/package.json': '{ "name": "app", "type": "module" }',
      'app/tsconfig.json': BASIC_TSCONFIG,
      'elsewhere/shared.ts': LOADER.replace('export const pins', 'export const shared'),
    });
    fs.mkdirSync(path.join(parent, 'app/src'));
    fs.linkSync(path.join(parent, 'elsewhere/shared.ts'), path.join(parent, 'app/src/shared.ts'));
    const run = await runCliInProcess(['codemod', '--write'], path.join(parent, 'app'));

    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').slice(2)).toEqual([
      'Planned to wrap 0 loaders and mark 1 TODO in 1 file: 0 written, 1 not written (listed above).',
      "Type-checked in the project's program: 0 new type errors.",
      '',
      'TODO(field-dependency) markers (1), loaders left unwrapped for a person to decide:',
      '  src/shared.ts:5  the batch function of shared: no owner: no CODEOWNERS file was given (--owners), and no --default-owner (not written: its file was not written)',
      '',
    ]);
  });

  it('--allow-outside-root without --write is a usage error', async () => {
    const run = await runCliInProcess(['codemod', '--allow-outside-root'], project());
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'field-dependency: --allow-outside-root applies to --write only\n' });
  });

  it('--write runs git without the commands the repository configures (fsmonitor hook, clean filter)', async () => {
    const directory = project({ 'src/other.ts': 'export const other = 1;\n', '.gitattributes': '*.ts filter=tracker\n' });
    const markers = projects.create({});
    git(directory, 'init', '--quiet');
    git(directory, 'add', '.');
    git(directory, 'commit', '--quiet', '-m', 'initial');
    const hook = path.join(markers, 'fsmonitor.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch ${JSON.stringify(path.join(markers, 'fsmonitor-ran'))}\nexit 1\n`, { mode: 0o755 });
    git(directory, 'config', 'core.fsmonitor', hook);
    git(directory, 'config', 'filter.tracker.clean', `touch ${JSON.stringify(path.join(markers, 'filter-ran'))}; cat`);
    git(directory, 'config', 'filter.tracker.required', 'true');
    // Same content, new modification time: git status must hash the file again, through the clean filter if it may.
    const other = path.join(directory, 'src/other.ts');
    fs.utimesSync(other, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));
    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], directory);

    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('uncommitted changes');
    expect(read(directory, 'src/pins.ts')).toContain("fieldDependency([null], { owner: 'core', name: 'pins' })");
    expect(fs.readdirSync(markers)).toEqual(['fsmonitor.sh']);
  });

  it('--write on a git work tree with uncommitted changes warns, then writes', async () => {
    const directory = project();
    git(directory, 'init', '--quiet');
    git(directory, 'add', '.');
    git(directory, 'commit', '--quiet', '-m', 'initial');
    fs.writeFileSync(path.join(directory, 'notes.md'), 'work in progress\n');
    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], directory);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "field-dependency: warning: the git work tree has uncommitted changes (1 path); the codemod's changes will be mixed with them: commit or stash first to review them on their own.\n" +
        `Wrapped 1 loader: 1 file written.\n${TIER_2}\n${NOT_CHECKED}`,
    );
    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
  });

  it('--write on a clean git work tree does not warn, and its dry-run diff is what `git apply` takes', async () => {
    const directory = project();
    git(directory, 'init', '--quiet');
    git(directory, 'add', '.');
    git(directory, 'commit', '--quiet', '-m', 'initial');
    const dryRun = await runCliInProcess(['codemod', '--default-owner', 'core'], directory);
    fs.writeFileSync(path.join(directory, '..', `${path.basename(directory)}.patch`), dryRun.stdout);
    git(directory, 'apply', path.join(directory, '..', `${path.basename(directory)}.patch`));
    fs.rmSync(path.join(directory, '..', `${path.basename(directory)}.patch`));

    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
    git(directory, 'checkout', '--quiet', '--', '.');
    const run = await runCliInProcess(['codemod', '--write', '--default-owner', 'core'], directory);
    expect(run.stderr).toBe(`Wrapped 1 loader: 1 file written.\n${TIER_2}\n${NOT_CHECKED}`);
    expect(read(directory, 'src/pins.ts')).toBe(WRAPPED);
  });
});
