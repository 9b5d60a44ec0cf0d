/**
 * docs/nestjs.md's ESLint and `check` advice, run in a project shaped like Nest's CommonJS template (no
 * `"type": "module"`, `experimentalDecorators`, loaders made in a request-scoped service's constructor), with
 * this package installed the way npm installs it (the built package linked into node_modules). Needs
 * `npm run build` first, as `npm test` does.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { markdownCodeBlocks } from '../enforcement/support/markdownCodeBlocks.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from '../enforcement/support/paths.js';
import { docPage } from '../support/markdownSection.js';

const ESLINT_SECTION = "ESLint and `check` in Nest's CommonJS template";
const configBlock = markdownCodeBlocks(docPage('nestjs.md')).find((block) => block.heading === ESLINT_SECTION && block.language === 'js');
const ciConfigBlock = markdownCodeBlocks(docPage('ci.md')).find((block) => block.language === 'js');
/** The page's TypeScript blocks: every loader in them is wrapped, so none may be reported. */
const tsBlocks = markdownCodeBlocks(docPage('nestjs.md')).filter((block) => block.language === 'ts');

const LOADERS = `import { Injectable, Scope } from '@nestjs/common';
import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';

declare function fetchLikes(ids: readonly string[]): Promise<(number | null)[]>;
declare function fetchFollowers(ids: readonly string[]): Promise<(number | null)[]>;

@Injectable({ scope: Scope.REQUEST })
export class UserLoaders {
  readonly likes: DataLoader<string, number | null>;
  readonly followers: DataLoader<string, number | null>;

  constructor() {
    this.likes = new DataLoader(fieldDependency([null], { owner: 'engagement', name: 'likes' })(fetchLikes));
    this.followers = new DataLoader(async (ids: readonly string[]) => fetchFollowers(ids));
  }
}
`;

let project = '';

function run(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: project, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

beforeAll(() => {
  const cli = path.join(REPO_ROOT, 'dist/cli/main.js');
  if (!fs.existsSync(cli) || !fs.existsSync(path.join(REPO_ROOT, 'dist/lint-rules/packageEntry.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before these tests');
  }
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'field-dependency-nest-template-'));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'nest-app', version: '0.0.1', private: true }));
  fs.writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2023', experimentalDecorators: true, emitDecoratorMetadata: true, strict: true, skipLibCheck: true },
      include: ['src'],
    }),
  );
  fs.mkdirSync(path.join(project, 'src/users'), { recursive: true });
  fs.writeFileSync(path.join(project, 'src/users/user.loaders.ts'), LOADERS);
  fs.mkdirSync(path.join(project, 'src/docs'));
  tsBlocks.forEach((block, index) => fs.writeFileSync(path.join(project, `src/docs/block-${index + 1}.ts`), block.code));
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@nestjs'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(modules, 'field-dependency'), 'dir');
  for (const dependency of ['eslint', 'typescript-eslint', 'typescript', 'dataloader', '@nestjs/common']) {
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', dependency), path.join(modules, dependency), 'dir');
  }
});

afterAll(() => {
  if (project !== '') fs.rmSync(project, { recursive: true, force: true });
});

describe("docs/nestjs.md in a project shaped like Nest's CommonJS template", { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('its eslint.config.mjs reports the unwrapped loader of the request-scoped service (and none of the page\'s), as check does, and Node does not warn', async () => {
    expect(configBlock?.code).toContain('fieldDependency.configs.recommended');
    expect(tsBlocks.filter((block) => block.code.includes('new DataLoader(')).length).toBeGreaterThanOrEqual(2);
    fs.writeFileSync(path.join(project, 'eslint.config.mjs'), configBlock?.code ?? '');

    const eslint = await run(['node_modules/eslint/bin/eslint.js', '--format', 'json', 'src']);
    fs.rmSync(path.join(project, 'eslint.config.mjs'));

    expect(eslint.stderr).not.toContain('MODULE_TYPELESS_PACKAGE_JSON');
    const results = JSON.parse(eslint.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number }[] }[];
    const messages = results.flatMap((result) => result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? 'fatal'}`));
    expect(messages).toEqual(['src/users/user.loaders.ts:15:37 field-dependency/require-field-dependency']);

    const check = await run(['node_modules/field-dependency/dist/cli/main.js', 'check', '--format', 'json']);
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as CheckResult;
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} field-dependency/${finding.rule}`)).toEqual(messages);
  });

  it("the CI page's eslint.config.js makes Node warn MODULE_TYPELESS_PACKAGE_JSON there (why the page says .mjs)", async () => {
    fs.writeFileSync(path.join(project, 'eslint.config.js'), ciConfigBlock?.code ?? '');

    const eslint = await run(['node_modules/eslint/bin/eslint.js', '--format', 'json', 'src']);
    fs.rmSync(path.join(project, 'eslint.config.js'));

    expect(eslint.stderr).toContain('MODULE_TYPELESS_PACKAGE_JSON');
    expect(eslint.status).toBe(1);
  });
});
