import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT, RULE_TESTER_PROJECT } from './paths.js';

RuleTester.afterAll = afterAll;
// The first case of a file builds the TypeScript program, which can be slow while `npm test` runs everything.
RuleTester.describe = (text, callback) => describe(text, { timeout: PROCESS_TEST_TIMEOUT }, callback);
RuleTester.it = it;

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { projectService: true, tsconfigRootDir: RULE_TESTER_PROJECT },
  },
});

/**
 * Runs table-driven RuleTester cases with typed linting over the rule-tester fixture project (`file.ts`,
 * `configured/file.ts`).
 */
export function runRuleTests<MessageIds extends string>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, []>,
  tests: RunTests<MessageIds, []>,
): void {
  // The installed @typescript-eslint/rule-tester (8.72) bundles its own @typescript-eslint/utils, whose rule
  // types differ structurally from the 8.73 copy the rules are built with; at run time they are the same.
  ruleTester.run(name, rule as unknown as Parameters<typeof ruleTester.run<MessageIds, []>>[1], tests);
}

/** The configured sub-project's file: `fieldDependency` config with name patterns `^fetch[A-Z]` and class `PinFields`. */
export const CONFIGURED_FILE = 'configured/file.ts';
