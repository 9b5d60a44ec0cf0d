import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../detection/config/parseConfig.js';
import fieldDependency, { rules } from '../../lint-rules/index.js';
import { markdownCodeBlocks, markdownHeadings } from './support/markdownCodeBlocks.js';
import { PROCESS_TEST_TIMEOUT, REPO_ROOT, RULE_TESTER_PROJECT } from './support/paths.js';

const RULE_DOCS = path.join(REPO_ROOT, 'docs/rules');
const ruleNames = Object.keys(rules);
const pageOf = (rule: string): string => fs.readFileSync(path.join(RULE_DOCS, `${rule}.md`), 'utf8');

const eslint = new ESLint({
  cwd: RULE_TESTER_PROJECT,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: RULE_TESTER_PROJECT } },
    },
    fieldDependency.configs.recommended,
  ],
});

describe('rule documentation', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('has one page per rule, at the URL the rule declares', () => {
    expect(fs.readdirSync(RULE_DOCS).sort()).toEqual(ruleNames.map((rule) => `${rule}.md`).sort());
    for (const [name, rule] of Object.entries(rules)) {
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    }
  });

  it('the docs.url of each rule resolves for an npm user: the blob URL of its page in the repository package.json names, a page the package ships', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string }; files?: string[] };
    const repository = (manifest.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

    expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(manifest.files).toContain('docs');
    for (const [name, rule] of Object.entries(rules)) {
      expect(rule.meta.docs?.url).toBe(`${repository}/blob/main/docs/rules/${name}.md`);
      expect(fs.existsSync(path.join(REPO_ROOT, 'docs/rules', `${name}.md`))).toBe(true);
    }
  });

  it.each(ruleNames)('%s: Incorrect, Correct and When not to use it', (rule) => {
    expect(markdownHeadings(pageOf(rule))).toEqual(expect.arrayContaining(['Rule details', 'Incorrect', 'Correct', 'When not to use it']));
  });

  const examples = ruleNames.flatMap((rule) =>
    markdownCodeBlocks(pageOf(rule))
      .filter((block) => block.language === 'ts' && (block.heading === 'Incorrect' || block.heading === 'Correct'))
      .map((block) => ({ rule, kind: block.heading, code: block.code })),
  );

  it.each(examples)('$rule: the $kind example is linted as it says', async ({ rule, kind, code }) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(RULE_TESTER_PROJECT, 'file.ts') });
    const messages = result?.messages ?? [];

    expect(messages.filter((message) => message.fatal === true)).toEqual([]);
    if (kind === 'Correct') {
      expect(messages).toEqual([]);
    } else {
      expect(messages.length).toBeGreaterThan(0);
      expect(new Set(messages.map((message) => message.ruleId))).toEqual(new Set([`field-dependency/${rule}`]));
    }
  });

  it('the configuration example of require-field-dependency is valid configuration', () => {
    const [block] = markdownCodeBlocks(pageOf('require-field-dependency')).filter((candidate) => candidate.language === 'json');
    const packageJson = JSON.parse(block?.code ?? 'null') as { fieldDependency: unknown };
    const rules = parseConfig(packageJson.fieldDependency, 'package.json', 'fieldDependency', REPO_ROOT);

    expect(rules.namePatterns.map((pattern) => pattern.source)).toEqual(['^fetch[A-Z]']);
    expect(rules.files.map((file) => file.glob)).toEqual(['src/loaders/**/*.ts']);
    expect([...rules.classes]).toEqual(['PinFields']);
  });
});
