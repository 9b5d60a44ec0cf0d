import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigResolver, isConfigError } from '../../detection/index.js';
import { matchingFileGlob, matchingNamePattern } from '../../detection/config/LoaderCriteria.js';
import { temporaryProjects } from './support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

describe('where configuration comes from', () => {
  it('uses no configured detection when nothing is found up to the file system root', () => {
    const directory = projects.create({ 'src/a.ts': '' });
    const criteria = new ConfigResolver().criteriaForFile(path.join(directory, 'src/a.ts'));

    expect(criteria.source).toBeUndefined();
    expect(criteria.namePatterns).toEqual([]);
  });

  it('stops at the nearest package.json, even without a fieldDependency key', () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ fieldDependency: { loaderClasses: ['Outer'] } }),
      'packages/inner/package.json': JSON.stringify({ name: 'inner' }),
      'packages/inner/src/a.ts': '',
    });
    const criteria = new ConfigResolver().criteriaForFile(path.join(directory, 'packages/inner/src/a.ts'));

    expect(criteria.source).toBeUndefined();
    expect(criteria.classes.size).toBe(0);
  });

  it('takes a field-dependency.config.json between the file and its package.json, with globs relative to it', () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ fieldDependency: { loaderClasses: ['Outer'] } }),
      'src/field-dependency.config.json': JSON.stringify({ loaderFiles: ['loaders/*.ts'], loaderNamePatterns: ['^batch'] }),
      'src/loaders/a.ts': '',
    });
    const file = path.join(directory, 'src/loaders/a.ts');
    const criteria = new ConfigResolver().criteriaForFile(file);

    expect(criteria.source).toBe(path.join(directory, 'src/field-dependency.config.json'));
    expect(matchingFileGlob(criteria, file)?.glob).toBe('loaders/*.ts');
    expect(matchingFileGlob(criteria, path.join(directory, 'src/other.ts'))).toBeUndefined();
    expect(matchingNamePattern(criteria, 'batchUsers')?.source).toBe('^batch');
    expect(matchingNamePattern(criteria, 'loadUsers')).toBeUndefined();
  });

  it('reads each configuration once per resolver', () => {
    const directory = projects.create({ 'package.json': JSON.stringify({ fieldDependency: { loaderNamePatterns: ['^a'] } }) });
    const resolver = new ConfigResolver();
    const first = resolver.criteriaForDirectory(directory);
    fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ fieldDependency: { loaderNamePatterns: ['^b'] } }));

    expect(resolver.criteriaForDirectory(directory)).toBe(first);
    expect(new ConfigResolver().criteriaForDirectory(directory).namePatterns[0]?.source).toBe('^b');
  });

  it('throws a ConfigError that carries the file and the key', () => {
    const directory = projects.create({ 'package.json': JSON.stringify({ fieldDependency: { loaderFiles: [1] } }) });
    let thrown: unknown;
    try {
      new ConfigResolver().criteriaForDirectory(directory);
    } catch (error) {
      thrown = error;
    }

    expect(isConfigError(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'FIELD_DEPENDENCY_CONFIG',
      file: path.join(directory, 'package.json'),
      key: 'fieldDependency.loaderFiles[0]',
    });
    expect(isConfigError(new Error('other'))).toBe(false);
  });
});
