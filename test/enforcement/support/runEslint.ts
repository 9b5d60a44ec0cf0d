import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import fieldDependency from '../../../lint-rules/index.js';

/** One ESLint message, located relative to the linted project. */
export interface LintedProblem {
  readonly location: string;
  readonly ruleId: string;
  readonly messageId: string;
  readonly message: string;
}

/**
 * Lints a project's `src` with the real ESLint, typed linting through `projectService`, and only this
 * plugin's recommended config.
 */
export async function runEslint(projectDirectory: string): Promise<readonly LintedProblem[]> {
  const eslint = new ESLint({
    cwd: projectDirectory,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.mts', '**/*.cts'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: projectDirectory },
        },
      },
      fieldDependency.configs.recommended,
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      location: `${path.relative(projectDirectory, result.filePath).split(path.sep).join('/')}:${message.line}:${message.column}`,
      ruleId: message.ruleId ?? '(fatal)',
      messageId: message.messageId ?? message.message,
      message: message.message,
    })),
  );
}
