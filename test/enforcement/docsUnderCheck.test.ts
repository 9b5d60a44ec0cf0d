/**
 * Doc examples run through `check` in a project of their own: the suppression comment of docs/ci.md (silenced
 * and listed with its reason; reported without one), and the DataLoader adapters of docs/declaring.md
 * (`evictDegradedKeys(…)`, `batchFromMap(…)` of a wrapped loader count as wrapped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../cli/check/CheckResult.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { markdownCodeBlocks } from './support/markdownCodeBlocks.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT } from './support/paths.js';

const page = fs.readFileSync(path.join(REPO_ROOT, 'docs/ci.md'), 'utf8');
const example = markdownCodeBlocks(page).find((block) => block.language === 'ts' && block.code.includes('field-dependency-ignore:'));
const created: string[] = [];
afterAll(() => {
  for (const directory of created) fs.rmSync(directory, { recursive: true, force: true });
});

/** A project holding `code` as src/loaders.ts, with dataloader linked from this repository. */
function projectWith(code: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'field-dependency-suppression-'));
  created.push(directory);
  fs.mkdirSync(path.join(directory, 'src'));
  fs.mkdirSync(path.join(directory, 'node_modules'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/dataloader'), path.join(directory, 'node_modules/dataloader'), 'dir');
  fs.writeFileSync(path.join(directory, 'package.json'), '{ "name": "suppression-example", "private": true, "type": "module" }\n');
  fs.writeFileSync(
    path.join(directory, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: [],
        paths: { 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] },
      },
      include: ['src'],
    }),
  );
  fs.writeFileSync(path.join(directory, 'src/loaders.ts'), code);
  return directory;
}

describe('docs/ci.md: suppressing a finding', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('has a TypeScript example of the comment', () => {
    expect(example?.code).toMatch(/^\/\/ field-dependency-ignore: \S.*$/m);
  });

  it('the example passes check, its suppression listed with its reason', async () => {
    const run = await runCliInProcess(['check', '--format', 'json'], projectWith(example?.code ?? ''));
    const result = JSON.parse(run.stdout) as CheckResult;

    expect(run.status).toBe(0);
    expect(result.findings).toEqual([]);
    expect(result.suppressions).toMatchObject([{ file: 'src/loaders.ts', reason: 'health probe, must fail loudly when the upstream is down' }]);
    expect(result.suppressions[0]?.suppresses.length).toBe(1);
  });

  it('without a reason, the comment is reported and the loader is not silenced', async () => {
    const code = (example?.code ?? '').replace(/field-dependency-ignore: .*$/m, 'field-dependency-ignore:');
    const run = await runCliInProcess(['check', '--format', 'json'], projectWith(code));
    const result = JSON.parse(run.stdout) as CheckResult;

    expect(run.status).toBe(1);
    expect(result.findings.map((finding) => finding.rule).sort()).toEqual(['require-field-dependency', 'valid-field-dependency']);
  });
});

describe('docs/declaring.md: the DataLoader adapters pass check', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const declaring = fs.readFileSync(path.join(REPO_ROOT, 'docs/declaring.md'), 'utf8');
  const adapters = markdownCodeBlocks(declaring).filter(
    (block) => block.language === 'ts' && /new DataLoader[^(]*\((evictDegradedKeys|batchFromMap)\(/.test(block.code),
  );

  it('shows both adapters', () => {
    expect(adapters.map((block) => /(evictDegradedKeys|batchFromMap)\(/.exec(block.code)?.[1]).sort()).toEqual(['batchFromMap', 'evictDegradedKeys']);
  });

  it.each(adapters.map((block, index) => ({ index, code: block.code })))('example $index: no finding, no suppression', async ({ code }) => {
    const run = await runCliInProcess(['check', '--format', 'json'], projectWith(code));
    const result = JSON.parse(run.stdout) as CheckResult;

    expect(result.findings).toEqual([]);
    expect(result.suppressions).toEqual([]);
    expect(run.status).toBe(0);
  });
});
