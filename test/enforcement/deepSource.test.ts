/**
 * Source that `tsc` compiles can nest deeper than JavaScript can recurse: a 5,000-term string concatenation is
 * 5,000 levels of binary expressions. `check`, `inventory`, `codemod` and the ESLint rules walk it without recursion,
 * and still find the loader and the field dependency beside it (they used to exit 2 with `Maximum call stack size exceeded`).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedFieldDependencies, createAnalysisContext, createDetector } from '../../detection/index.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from './support/paths.js';
import { runCliProcess } from './support/runCheckCli.js';
import { temporaryProjects } from './support/temporaryProjects.js';

const TERMS = 5_000;
const concatenation = Array.from({ length: TERMS }, (_, index) => `'t${index}'`).join(' + ');

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

/** A project outside the repository whose `dataloader` and `field-dependency` resolve to the repository's. */
const project = projects.create({
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { dataloader: [path.join(REPO_ROOT, 'node_modules/dataloader/index.d.ts')], 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] },
    },
    include: ['src'],
  }),
  'src/deep.ts': [
    "import DataLoader from 'dataloader';",
    "import { fieldDependency } from 'field-dependency';",
    '',
    `export const labels = new DataLoader(async (ids: readonly string[]) => ids.map((id) => id + ${concatenation}));`,
    '',
    `export const title = fieldDependency(String, { owner: 'catalog' })((id: string) => id + ${concatenation});`,
    '',
  ].join('\n'),
});

describe(`a ${TERMS}-term string concatenation`, { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('compiles with tsc', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await expect(promisify(execFile)(process.execPath, [tsc, '-p', project])).resolves.toMatchObject({ stdout: '' });
  });

  it('check finds the unwrapped loader (exit 1), not a stack overflow', async () => {
    const run = await runCliProcess(['check'], project);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('src/deep.ts:4:38  This inline function is a loader (the batch function of a DataLoader) but is not wrapped');
  });

  it('inventory lists the field dependency', async () => {
    const run = await runCliProcess(['inventory', '--format', 'csv'], project);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\r\ntitle,catalog,false,2,String,field-dependency.catalog.title,src/deep.ts,6\r\n');
  });

  it('codemod plans the wrap of the loader (dry run)', async () => {
    const run = await runCliProcess(['codemod', '--default-owner', 'catalog'], project);
    expect(run.stderr).toBe(
      "Would wrap 1 loader, changing 1 file (dry run: nothing written; --write applies the diff).\n" +
        'Tiers: 1 optional at tier 2 (the default, not written; a brownout may shed it: add tier: 3 where a field may go first).\n' +
        "Type-checked in the project's program: 0 new type errors.\n",
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("+export const labels = new DataLoader(fieldDependency([String], { owner: 'catalog', name: 'labels' })(async (ids");
  });

  // ESLint itself cannot go this deep: typescript-eslint's parser stops at about 1,000 terms with a
  // `Parsing error: Maximum call stack size exceeded` before any rule runs. What the rules run is the
  // detection core, on the program typescript-eslint builds with the project's own TypeScript:
  it("the ESLint rules' analysis finds the unwrapped loader and the wrapped field", () => {
    const configPath = path.join(project, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (config === undefined) throw new Error('the temporary tsconfig does not parse');
    const program = ts.createProgram(config.fileNames, config.options);
    const file = program.getSourceFile(path.join(project, 'src/deep.ts'));
    if (file === undefined) throw new Error('src/deep.ts is not in the program');
    const analysis = createDetector(ts, program).analyze(file);
    expect(analysis.findings.map(({ messageId, start }) => `${messageId} ${start.line}:${start.column}`)).toEqual(['unwrappedLoader 4:38']);
    expect(appliedFieldDependencies(createAnalysisContext(ts, program), file).map((applied) => applied.kind)).toEqual(['wrapper']);
  });
});
