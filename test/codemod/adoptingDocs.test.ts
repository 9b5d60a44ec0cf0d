import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { markdownCodeBlocks } from '../enforcement/support/markdownCodeBlocks.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import { docPage } from '../support/markdownSection.js';
import { CODEMOD_FIXTURES, copyFixtureProject, readSourceTree, removeAll } from './support/codemodFixtures.js';

/**
 * The "Adopting in an existing codebase" guide is run, not just read: its command lines run in order, as
 * written, on the codemod's TC39 fixture project (the one whose CODEOWNERS the guide shows), with
 * `field-dependency` and `tsc` installed in its node_modules/.bin. It is the page docs/adopting.md.
 */
const guide = docPage('adopting.md');
const blocks = markdownCodeBlocks(guide);
const FIXTURE = path.join(CODEMOD_FIXTURES, 'dataloader-tc39');

interface ShellRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function shell(command: string, cwd: string): Promise<ShellRun> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** Installs the CLI (run from source through tsx) and TypeScript's tsc as the project's local bins. */
function installBins(directory: string): void {
  const bin = path.join(directory, 'node_modules/.bin');
  fs.mkdirSync(bin, { recursive: true });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cli = `#!/bin/sh\nexec "${process.execPath}" --import "${tsx}" "${path.join(REPO_ROOT, 'cli/main.ts')}" "$@"\n`;
  fs.writeFileSync(path.join(bin, 'field-dependency'), cli, { mode: 0o755 });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), path.join(bin, 'tsc'));
}

/** Lines of `text` that `block` quotes, in order (blank lines aside). */
function quotedLines(block: string): readonly string[] {
  return block.split('\n').filter((line) => line.trim() !== '');
}

function expectLinesInOrder(output: string, lines: readonly string[]): void {
  const outputLines = output.split('\n');
  let from = 0;
  for (const line of lines) {
    const at = outputLines.indexOf(line, from);
    expect(at, `output has, in order: ${line}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

const created: string[] = [];
let project = '';
beforeAll(() => {
  project = copyFixtureProject(path.join(FIXTURE, 'input'), created);
  installBins(project);
});
afterAll(() => removeAll(created));

describe('the guide "Adopting in an existing codebase"', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('shows the CODEOWNERS file its commands run with', () => {
    const [codeowners] = blocks.filter((block) => block.language === 'text');
    expect(codeowners?.code).toBe(fs.readFileSync(path.join(FIXTURE, 'input/.github/CODEOWNERS'), 'utf8'));
  });

  it('runs every command line it shows, in order, and each does what the guide says', async () => {
    const commands = blocks.filter((block) => block.language === 'sh').flatMap((block) => quotedLines(block.code));
    const expectations: Readonly<Record<string, (run: ShellRun) => void | Promise<void>>> = {
      'npx field-dependency codemod --owners .github/CODEOWNERS': (run) => {
        expect(run.status).toBe(1);
        expect(readSourceTree(project)).toEqual(readSourceTree(path.join(FIXTURE, 'input')));
        for (const block of blocks.filter((candidate) => candidate.language === 'diff')) expectLinesInOrder(run.stdout, quotedLines(block.code));
        expect(run.stderr).toContain('TODO(field-dependency) markers (5)');
      },
      'npx field-dependency codemod --owners .github/CODEOWNERS --write': (run) => {
        expect(run.status).toBe(1);
        expect(readSourceTree(project)).toEqual(readSourceTree(path.join(FIXTURE, 'expected')));
        const [marker] = blocks.filter((block) => block.language === 'ts');
        // `declare` lines only make the block compile on its own (test/docs/readme.test.ts); the rest is the file.
        const quoted = quotedLines(marker?.code ?? '').filter((line) => !line.startsWith('declare '));
        expectLinesInOrder(fs.readFileSync(path.join(project, 'src/boards/legacy.ts'), 'utf8'), quoted);
      },
      'npx tsc --noEmit': (run) => {
        expect(run.stdout).toBe('');
        expect(run.status).toBe(0);
      },
      'npx field-dependency check': (run) => {
        expect(run.status).toBe(0);
        // loaderFor and nullableLoader are never called in the project: each hides at least one loader.
        expect(run.stdout).toMatch(/^No problems in 10 files\.\nAt least 2 loaders hidden behind loader factories whose calls cannot be followed .*\n\nSuppressions \(6\):\n/);
        expect(run.stdout.match(/ {2}TODO\(field-dependency\) /g)).toHaveLength(5);
      },
      'npx field-dependency codemod --owners .github/CODEOWNERS --default-owner platform --write': async (run) => {
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('Wrapped 1 loader: 1 file written.');
        expect(fs.readFileSync(path.join(project, 'src/boards/legacy.ts'), 'utf8')).toContain(
          "new DataLoader(fieldDependency([null], { owner: 'platform', name: 'legacyBoards' })(",
        );
        const report = JSON.parse((await shell('npx field-dependency check --format json', project)).stdout) as CheckResult;
        expect(report.findings).toEqual([]);
      },
      'npx field-dependency inventory': (run) => {
        expect(run.status).toBe(0);
        const [excerpt] = blocks.filter((block) => block.language === 'md');
        expectLinesInOrder(run.stdout, quotedLines(excerpt?.code ?? ''));
        expect(run.stdout).toContain('20 field dependencies (0 critical), 4 owners.');
      },
      'npx field-dependency inventory --format csv > field-dependencies.csv': (run) => {
        expect(run.status).toBe(0);
        const csv = fs.readFileSync(path.join(project, 'field-dependencies.csv'), 'utf8').split('\r\n');
        expect(csv[0]).toBe('field,owner,critical,tier,type,flag_key,file,line');
        expect(csv).toHaveLength(22);
      },
      'npx field-dependency check --format github': (run) => {
        expect(run.status).toBe(0);
        expect(run.stdout.split('\n').filter((line) => line.startsWith('::notice ') && line.includes('::TODO(field-dependency) '))).toHaveLength(4);
      },
    };

    expect(commands).toEqual(Object.keys(expectations));
    for (const command of commands) {
      const run = await shell(command, project);
      await expectations[command]?.(run);
    }
  });
});
