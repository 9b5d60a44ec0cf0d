import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import fieldDependency from '../../lint-rules/index.js';
import { FIXTURES, PROCESS_TEST_TIMEOUT } from './support/paths.js';
import { runEslint } from './support/runEslint.js';
import { BASIC_TSCONFIG, temporaryProjects } from './support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

describe('the ESLint plugin, misconfigured', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('refuses to run without typed linting, saying how to enable it', async () => {
    const eslint = new ESLint({
      cwd: path.join(FIXTURES, 'clean'),
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, fieldDependency.configs.recommended],
    });

    await expect(eslint.lintFiles(['src'])).rejects.toThrow(/You have used a rule which requires type information[\s\S]*parserOptions/);
  });

  it('fails on bad field-dependency configuration with the message the CLI prints', async () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ name: 'bad', fieldDependency: { loaderNamePatterns: ['(unclosed'] } }),
      'tsconfig.json': BASIC_TSCONFIG,
      'src/a.ts': 'export const a = 1;\n',
    });

    await expect(runEslint(directory)).rejects.toThrow(
      /package\.json: `fieldDependency\.loaderNamePatterns\[0\]` must be a valid regular expression; received "\(unclosed"/,
    );
  });
});
