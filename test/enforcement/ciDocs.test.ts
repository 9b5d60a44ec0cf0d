import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { copyOutsideRepository } from './support/copyOutsideRepository.js';
import { markdownCodeBlocks } from './support/markdownCodeBlocks.js';
import { docPage } from '../support/markdownSection.js';
import { FIXTURES, PROCESS_TEST_TIMEOUT, REPO_ROOT } from './support/paths.js';

/**
 * The CI page (docs/ci.md) is run, not just read: its ESLint config and its GitHub Actions command run against a project
 * that has this package installed the way npm installs it (the built package linked into node_modules,
 * its bin linked into node_modules/.bin). Needs `npm run build` first, as `npm test` does.
 */
const CI_DOCS = docPage('ci.md');
const blocks = markdownCodeBlocks(CI_DOCS);
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, { default: string }>;
};

let project = '';

function installLinked(directory: string): void {
  const modules = path.join(directory, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(modules, 'field-dependency'), 'dir');
  for (const peer of ['eslint', 'typescript-eslint', 'typescript']) {
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', peer), path.join(modules, peer), 'dir');
  }
  for (const [name, target] of Object.entries(manifest.bin)) {
    fs.chmodSync(path.join(REPO_ROOT, target), 0o755);
    fs.symlinkSync(path.join('..', 'field-dependency', target), path.join(modules, '.bin', name));
  }
}

function shell(command: string, cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

beforeAll(() => {
  for (const built of [manifest.bin['field-dependency'] ?? '', manifest.exports['./eslint-plugin']?.default ?? '']) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before these tests`);
  }
  project = copyOutsideRepository(path.join(FIXTURES, 'suppressions'));
  installLinked(project);
});

afterAll(() => {
  if (project !== '') fs.rmSync(project, { recursive: true, force: true });
});

describe('the CI page, docs/ci.md', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('declares a bin that is the built CLI, with a shebang', () => {
    const bin = path.join(REPO_ROOT, manifest.bin['field-dependency'] ?? '');

    expect(manifest.bin).toEqual({ 'field-dependency': './dist/cli/main.js' });
    expect(fs.readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('its GitHub Actions step fails the job with one annotation per problem', async () => {
    const [yaml] = blocks.filter((block) => block.language === 'yaml');
    const command = /^\s*run:\s*(.+)$/m.exec(yaml?.code ?? '')?.[1];

    expect(command).toBe('npx field-dependency check --format github');
    const run = await shell(command ?? '', project);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error '));

    expect(run.status).toBe(1);
    expect(annotations).toHaveLength(7);
    expect(annotations[0]).toMatch(/^::error file=src\/loaders\.ts,line=12,col=1,.*title=valid-field-dependency::/);
  });

  it('its eslint.config.js runs with typed linting and reports what the CLI reports', async () => {
    const [config] = blocks.filter((block) => block.language === 'js');
    fs.writeFileSync(path.join(project, 'eslint.config.js'), config?.code ?? '');

    const results = await new ESLint({ cwd: project }).lintFiles(['src']);
    const linted = results.flatMap((result) =>
      result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? 'fatal'}`),
    );
    const cli = await shell('npx field-dependency check --format json', project);
    const report = JSON.parse(cli.stdout) as CheckResult;

    expect(linted).toEqual(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} field-dependency/${finding.rule}`));
    expect(linted).toHaveLength(7);
  });
});
