import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownSection } from '../support/markdownSection.js';
import { ROOT } from './readmeBlocks.js';

/**
 * docs/project-layout.md is a map that cannot go stale: it names every folder of the four floors, every path
 * it names exists, and it answers the newcomer questions with paths.
 */
const PAGE = 'docs/project-layout.md';
const FLOORS = ['src', 'detection', 'cli', 'lint-rules'];
/** Where repository paths start: a backticked span starting with one of these is a path the page promises. */
const TOP_FOLDERS = [...FLOORS, 'docs', 'test', 'examples', 'bench', 'observability', 'tooling', 'etc', 'scripts'];

const page = readFileSync(path.join(ROOT, PAGE), 'utf8');

/** `folder/` and every folder below it, as `a/b/`, sorted. */
function foldersUnder(folder: string): string[] {
  const below = readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}/`);
  return [`${folder}/`, ...below].sort();
}

/** Every backticked repository path of `markdown` (`src/guard/`, `src/guard/raceTimeout.ts`; globs such as `docs/*.md` aside). */
function pathsNamedIn(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\s*]+)`/g)].map((match) => match[1] as string);
  return [...new Set(spans.filter((span) => TOP_FOLDERS.some((top) => span.startsWith(`${top}/`))))];
}

/** The folders of the floors that `markdown` does not name as `folder/`. */
function unnamedFolders(markdown: string): string[] {
  const named = new Set(pathsNamedIn(markdown));
  return FLOORS.flatMap(foldersUnder).filter((folder) => !named.has(folder));
}

/** The paths `markdown` names that are not in the repository. */
function missingPaths(markdown: string): string[] {
  return pathsNamedIn(markdown).filter((named) => !existsSync(path.join(ROOT, named)));
}

describe(PAGE, () => {
  it('names every folder of src/, detection/, cli/ and lint-rules/', () => {
    expect(FLOORS.flatMap(foldersUnder)).toEqual(expect.arrayContaining(['src/guard/', 'detection/loaders/', 'cli/canary/statistics/', 'lint-rules/rules/']));
    expect(unnamedFolders(page)).toEqual([]);
  });

  it('names only paths that exist', () => {
    expect(pathsNamedIn(page).length).toBeGreaterThan(40);
    expect(missingPaths(page)).toEqual([]);
  });

  it('fails for a folder the page leaves out and for a path that does not exist', () => {
    const withoutGuard = page.replaceAll('`src/guard/`', 'the guard');
    expect(unnamedFolders(withoutGuard)).toEqual(['src/guard/']);
    expect(missingPaths(`${page}\n| \`src/core/guardLoader.ts\` | the old home of the guard |\n`)).toEqual(['src/core/guardLoader.ts']);
  });

  it.each([
    ['Where does a timeout become an empty value?', 'src/guard/raceTimeout.ts'],
    ['What does `check` count as a loader?', 'detection/whatIsALoader.ts'],
    ['How does the canary judge decide?', 'cli/canary/judgeCanary.ts'],
    ['Where is a label set, where are metrics published?', 'src/metrics/fieldDependencyMetrics.ts'],
  ])('answers "%s" with paths, %s first', (question, first) => {
    const answers = markdownSection(page, '## Where to look first');
    const row = answers.split('\n').find((line) => line.startsWith(`| ${question} |`));
    expect(row, `no row for "${question}"`).toBeDefined();
    expect(pathsNamedIn(row ?? '')[0]).toBe(first);
  });
});
