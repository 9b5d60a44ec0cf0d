import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './readmeBlocks.js';

/**
 * The repository stands alone: its code and docs cite its own pages (`docs/*.md`), never a working document that
 * is not in the repository ("CONTRACT §2"), and every page they cite exists.
 */
const FOLDERS = ['src', 'detection', 'cli', 'lint-rules', 'docs'];

/** Paths that name `docs/…` pages as examples of something else (a CODEOWNERS pattern), not as citations. */
const EXAMPLE_PATHS = new Set(['cli/codeowners/compileCodeownersPattern.ts']);

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|md)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

const files = ['README.md', ...FOLDERS.flatMap(filesUnder)];

/** `file:line: text` for every line of the tree matching `pattern`. */
function linesMatching(pattern: RegExp, paths: readonly string[]): string[] {
  return paths.flatMap((file) =>
    readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((text, index) => (pattern.test(text) ? [`${file}:${index + 1}: ${text.trim()}`] : [])),
  );
}

describe('the repository stands alone', () => {
  it('reads the library code, the docs and the README', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('src/index.ts');
    expect(files).toContain('docs/declaring.md');
    expect(files.length).toBeGreaterThan(100);
  });

  it('cites no section of a document outside the repository ("CONTRACT §")', () => {
    expect(linesMatching(/CONTRACT\s*§/, files)).toEqual([]);
  });

  it('finds a citation of the outside document when there is one', () => {
    expect(/CONTRACT\s*§/.test('// see CONTRACT §2 "Identity"')).toBe(true);
  });

  it('every docs page the library code cites exists', () => {
    const code = files.filter((file) => file.endsWith('.ts') && !EXAMPLE_PATHS.has(file));
    const cited = new Set(code.flatMap((file) => readFileSync(path.join(ROOT, file), 'utf8').match(/\bdocs\/[\w/-]+\.md\b/g) ?? []));
    expect(cited.size).toBeGreaterThan(0);
    expect([...cited].filter((page) => !existsSync(path.join(ROOT, page)))).toEqual([]);
  });
});
