import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, PROCESS_TEST_TIMEOUT } from './support/paths.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { BASIC_TSCONFIG, temporaryProjects, type ProjectFiles } from './support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

const source = { 'src/a.ts': 'export const a = 1;\n' };

describe('usage errors exit 2 with a message naming the problem', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it.each([
    { case: 'no command', args: [], message: /^Usage: field-dependency <command>/ },
    { case: 'an unknown command', args: ['lint'], message: /^field-dependency: unknown command 'lint'; expected one of: (\w+, )*check(, \w+)*\n$/ },
    { case: 'an unknown format', args: ['check', '--format', 'xml'], message: /unknown --format 'xml'; expected one of: text, json, sarif, github\n$/ },
    { case: 'a format without a value', args: ['check', '--format'], message: /Option '--format <value>' argument missing/ },
    { case: 'a positional argument', args: ['check', 'src'], message: /Unexpected argument 'src'/ },
    { case: 'a missing -p target', args: ['check', '-p', 'nowhere/tsconfig.json'], message: /tsconfig not found: nowhere\/tsconfig\.json\n$/ },
  ])('$case', async ({ args, message }) => {
    const run = await runCliInProcess(args, path.join(FIXTURES, 'clean'));

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it.each([
    { case: 'tsconfig that is not JSON', tsconfig: '{ "compilerOptions": ', message: /tsconfig\.json is not a valid tsconfig: .*expected/i },
    { case: 'an unknown compiler option', tsconfig: '{ "compilerOptions": { "strictest": true } }', message: /tsconfig\.json is not a valid tsconfig: Unknown compiler option 'strictest'/ },
    { case: 'an extends that does not exist', tsconfig: '{ "extends": "./base.json" }', message: /tsconfig\.json is not a valid tsconfig: .*base\.json/ },
    { case: 'no source files', tsconfig: '{ "include": ["lib"] }', message: /tsconfig\.json matches no source files: No inputs were found/ },
  ])('a broken tsconfig: $case', async ({ tsconfig, message }) => {
    const run = await runCliInProcess(['check'], projects.create({ 'tsconfig.json': tsconfig, ...source }));

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('-p accepts the directory of a tsconfig, as tsc does', async () => {
    const run = await runCliInProcess(['check', '-p', '.'], path.join(FIXTURES, 'clean'));

    expect(run.status).toBe(0);
  });
});

describe('configuration errors exit 2, naming the file and the key', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const withPackageConfig = (config: unknown): ProjectFiles => ({
    'package.json': JSON.stringify({ name: 'project', fieldDependency: config }),
    'tsconfig.json': BASIC_TSCONFIG,
    ...source,
  });
  const withConfigFile = (content: string): ProjectFiles => ({
    'field-dependency.config.json': content,
    'tsconfig.json': BASIC_TSCONFIG,
    ...source,
  });

  it.each([
    {
      case: 'an unknown key',
      files: withPackageConfig({ loaderNames: [] }),
      message: 'package.json: `fieldDependency.loaderNames` is not a known option; expected one of loaderNamePatterns, loaderFiles, loaderClasses',
    },
    { case: 'not an object', files: withPackageConfig(['^batch']), message: 'package.json: `fieldDependency` must be an object with any of loaderNamePatterns, loaderFiles, loaderClasses; received an array' },
    { case: 'a string instead of an array', files: withPackageConfig({ loaderNamePatterns: '^batch' }), message: 'package.json: `fieldDependency.loaderNamePatterns` must be an array of strings; received "^batch"' },
    {
      case: 'an invalid regular expression',
      files: withPackageConfig({ loaderNamePatterns: ['^batch', '(unclosed'] }),
      message: 'package.json: `fieldDependency.loaderNamePatterns[1]` must be a valid regular expression; received "(unclosed"',
    },
    { case: 'an empty glob', files: withPackageConfig({ loaderFiles: [''] }), message: 'package.json: `fieldDependency.loaderFiles[0]` must be a non-empty string; received ""' },
    { case: 'a number among the globs', files: withPackageConfig({ loaderFiles: ['src/**', 3] }), message: 'package.json: `fieldDependency.loaderFiles[1]` must be a non-empty string; received number 3' },
    { case: 'a class name with a space', files: withPackageConfig({ loaderClasses: ['Pin Fields'] }), message: 'package.json: `fieldDependency.loaderClasses[0]` must be a class name; received "Pin Fields"' },
    { case: 'a config file that is not JSON', files: withConfigFile('{ loaderFiles: [] }'), message: 'field-dependency.config.json: cannot be read as JSON' },
    { case: 'a key of the config file', files: withConfigFile('{ "loaderFiles": 3 }'), message: 'field-dependency.config.json: `loaderFiles` must be an array of strings; received number 3' },
    {
      case: 'configuration in both places',
      files: { ...withConfigFile('{}'), 'package.json': JSON.stringify({ fieldDependency: {} }) },
      message: 'package.json: `fieldDependency` conflicts with',
    },
    { case: 'a package.json that is not JSON', files: { 'package.json': '{', 'tsconfig.json': BASIC_TSCONFIG, ...source }, message: 'package.json: cannot be read as JSON' },
  ])('$case', async ({ files, message }) => {
    const directory = projects.create(files);
    const run = await runCliInProcess(['check'], directory);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`field-dependency: ${path.join(fs.realpathSync(directory), message)}`);
  });

  it('rejects a loaderNamePatterns entry that backtracks exponentially, instead of hanging on a name that almost matches', async () => {
    const directory = projects.create({
      ...withPackageConfig({ loaderNamePatterns: ['^batch', '^(a+)+b$'] }),
      'src/a.ts': `export function ${'a'.repeat(40)}c(ids: readonly string[]) {\n  return ids;\n}\n`,
    });
    const run = await runCliInProcess(['check'], directory);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `field-dependency: ${path.join(fs.realpathSync(directory), 'package.json')}: \`fieldDependency.loaderNamePatterns[1]\` can take exponential time to match: ` +
        'in "^(a+)+b$", the repeated group `(a+)+` holds a repetition or an alternation; rewrite it without nesting them (`^a+b$` rather than `^(a+)+b$`)\n',
    );
  });

  it('reports a configuration error of a nested package when it checks a file there', async () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ name: 'root' }),
      'tsconfig.json': BASIC_TSCONFIG,
      'src/a.ts': 'export const a = 1;\n',
      'src/nested/package.json': JSON.stringify({ name: 'nested', fieldDependency: { loaderClasses: 'PinFields' } }),
      'src/nested/b.ts': 'export const b = 1;\n',
    });
    const run = await runCliInProcess(['check'], directory);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('src/nested/package.json: `fieldDependency.loaderClasses` must be an array of strings; received "PinFields"');
  });
});
