import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The enforcement fixture corpus: one small project per directory. */
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/enforcement');

/** The project RuleTester lints its cases in (its `file.ts` and `configured/file.ts`). */
export const RULE_TESTER_PROJECT = path.join(FIXTURES, 'rule-tester');

/**
 * Timeout of tests that start the CLI or ESLint with a TypeScript program: generous, because `npm test` runs
 * every test file at once on a shared machine. A guard against hangs, not a speed assertion.
 */
export const PROCESS_TEST_TIMEOUT = 120_000;
