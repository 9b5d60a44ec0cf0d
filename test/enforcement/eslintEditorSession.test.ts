import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import fieldDependency from '../../lint-rules/index.js';
import { PROCESS_TEST_TIMEOUT } from './support/paths.js';
import { BASIC_TSCONFIG, temporaryProjects } from './support/temporaryProjects.js';

const projects = temporaryProjects();
afterAll(() => projects.removeAll());

const UNWRAPPED = `export const batchUsers = async (ids: readonly string[]) => ids;\n`;
const WRAPPED = `import { fieldDependency } from 'field-dependency';
export const batchUsers = fieldDependency([null], { owner: 'accounts' })(async (ids: readonly string[]) => ids);
`;
const LOADERS = `import DataLoader from 'dataloader';
import { batchUsers } from './batches.js';
export const users = new DataLoader(batchUsers);
`;

// typescript-eslint treats a process with CI=true as a one-shot CLI run that never sees an edit; an editor
// never runs that way, so the inference is turned off here (CI runs these tests with CI=true).
describe('a long-lived ESLint instance, as in an editor', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('follows an edit of another file: the loader is reported, then wrapped, then no longer reported', async () => {
    const directory = projects.create({
      'package.json': JSON.stringify({ name: 'editor', type: 'module' }),
      'tsconfig.json': BASIC_TSCONFIG,
      'src/batches.ts': UNWRAPPED,
      'src/loaders.ts': LOADERS,
    });
    const eslint = new ESLint({
      cwd: directory,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: directory, disallowAutomaticSingleRunInference: true } } },
        fieldDependency.configs.recommended,
      ],
    });
    const lintLoaders = async (): Promise<string[]> => {
      const [result] = await eslint.lintText(LOADERS, { filePath: path.join(directory, 'src/loaders.ts') });
      return (result?.messages ?? []).map((message) => `${message.line}:${message.column} ${message.messageId ?? message.message}`);
    };

    expect(await lintLoaders()).toEqual(['3:37 unwrappedLoader']);

    fs.writeFileSync(path.join(directory, 'src/batches.ts'), WRAPPED);
    await eslint.lintText(WRAPPED, { filePath: path.join(directory, 'src/batches.ts') });

    expect(await lintLoaders()).toEqual([]);
  });
});
