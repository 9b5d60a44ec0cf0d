import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, PROCESS_TEST_TIMEOUT, REPO_ROOT } from './support/paths.js';
import { runCliProcess } from './support/runCheckCli.js';
import { BASIC_TSCONFIG, temporaryProjects } from './support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

describe('field-dependency check, as a process', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('exits 0 on a clean project and still lists its suppressions', async () => {
    const run = await runCliProcess(['check'], path.join(FIXTURES, 'clean'));

    expect(run).toEqual({
      status: 0,
      stdout: [
        'No problems in 1 file.',
        '',
        'Suppressions (1):',
        'src/loaders.ts:8:1  in-process cache, it cannot fail  (suppresses src/loaders.ts:9:37)',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('exits 1 on violations, one `path:line:col  message  rule` line each', async () => {
    const run = await runCliProcess(['check', '-p', 'test/fixtures/enforcement/config-file'], REPO_ROOT);

    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        "test/fixtures/enforcement/config-file/src/legacy/fields.ts:4:9  `trending` is a loader (it is a method of `LegacyFields`, listed in loaderClasses) but is not wrapped with fieldDependency from 'field-dependency'.  require-field-dependency",
        "test/fixtures/enforcement/config-file/src/search.ts:4:23  `suggestionsLoader` is a loader (its name matches /Loader$/ from loaderNamePatterns) but is not wrapped with fieldDependency from 'field-dependency'.  require-field-dependency",
        '',
        '2 problems in 2 files.',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 naming the missing tsconfig', async () => {
    const run = await runCliProcess(['check'], projects.create({ 'src/a.ts': 'export {};' }));

    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: 'field-dependency: tsconfig not found: tsconfig.json (pass -p path/to/tsconfig.json)\n',
    });
  });

  it('exits 2 on an unknown flag, naming it', async () => {
    const run = await runCliProcess(['check', '--fix'], path.join(FIXTURES, 'clean'));

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^field-dependency: Unknown option '--fix'/);
    expect(run.stderr).toContain('Usage: field-dependency check');
  });

  it('exits 2 on bad configuration, naming the key', async () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ name: 'bad', fieldDependency: { loaderNames: ['^batch'] } }),
      'tsconfig.json': BASIC_TSCONFIG,
      'src/a.ts': 'export const a = 1;',
    });
    const run = await runCliProcess(['check'], directory);

    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `field-dependency: ${path.join(fs.realpathSync(directory), 'package.json')}: \`fieldDependency.loaderNames\` is not a known option; expected one of loaderNamePatterns, loaderFiles, loaderClasses\n`,
    });
  });

  it('prints help and exits 0 with --help', async () => {
    const run = await runCliProcess(['check', '--help'], REPO_ROOT);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: field-dependency check \[-p tsconfig\.json\] \[--format text\|json\|sarif\|github\]/);
  });

  it('is a node script with a shebang', () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, 'cli/main.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
