import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { copyOutsideRepository } from './support/copyOutsideRepository.js';
import { FIXTURE_CORPUS } from './support/fixtureCorpus.js';
import { FIXTURES, PROCESS_TEST_TIMEOUT } from './support/paths.js';
import { runCliProcess } from './support/runCheckCli.js';
import { runEslint } from './support/runEslint.js';

const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
});

async function checkWithCli(projectDirectory: string): Promise<{ status: number | null; problems: string[]; messages: string[] }> {
  const run = await runCliProcess(['check', '--format', 'json'], projectDirectory);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as CheckResult;
  return {
    status: run.status,
    problems: report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.rule}/${finding.messageId}`),
    messages: report.findings.map((finding) => finding.message),
  };
}

async function checkWithEslint(projectDirectory: string): Promise<{ problems: string[]; messages: string[] }> {
  const problems = await runEslint(projectDirectory);
  return {
    problems: problems.map((problem) => `${problem.location} ${problem.ruleId.replace(/^field-dependency\//, '')}/${problem.messageId}`),
    messages: problems.map((problem) => problem.message),
  };
}

describe('the ESLint plugin and the check CLI agree on the fixture corpus', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const runs = FIXTURE_CORPUS.flatMap((fixture) => [
    { fixture, where: 'in the repository', directory: () => path.join(FIXTURES, fixture.name) },
    ...(fixture.alsoWithoutNodeModules
      ? [
          {
            fixture,
            where: 'copied where no package resolves',
            directory: () => {
              const copy = copyOutsideRepository(path.join(FIXTURES, fixture.name));
              copies.push(copy);
              return copy;
            },
          },
        ]
      : []),
  ]);

  it.each(runs)('$fixture.name, $where', async ({ fixture, directory }) => {
    const projectDirectory = directory();
    const [cli, eslint] = await Promise.all([checkWithCli(projectDirectory), checkWithEslint(projectDirectory)]);

    expect(cli.problems).toEqual(fixture.expected);
    expect(eslint.problems).toEqual(cli.problems);
    expect(eslint.messages).toEqual(cli.messages);
    expect(cli.status).toBe(fixture.expected.length === 0 ? 0 : 1);
  });
});
