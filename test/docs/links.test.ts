import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentationPages } from '../support/markdownSection.js';
import { ROOT } from './readmeBlocks.js';

/**
 * The README was split into docs/*.md pages: every relative link of the README, of those pages and of the
 * rule pages must reach a file of the repository, and every `#anchor` a heading of its page (GitHub's slugs).
 */
const pages = [...documentationPages(), ...readdirSync(path.join(ROOT, 'docs/rules')).map((name) => `docs/rules/${name}`)];

/** `markdown` with its fenced code blocks blanked out, line numbers kept. */
function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, (block) => block.replace(/[^\n]/g, ''));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = withoutCodeBlocks(readFileSync(path.join(ROOT, file), 'utf8')).match(/^#+ .+$/gm) ?? [];
  return new Set(headings.map((heading) => slug(heading.replace(/^#+ /, ''))));
}

/** Every relative link target of `file`, with the line it is on. */
function relativeLinks(file: string): { readonly line: number; readonly target: string }[] {
  return withoutCodeBlocks(readFileSync(path.join(ROOT, file), 'utf8')).split('\n').flatMap((text, index) =>
    [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] as string)
      .filter((target) => !/^[a-z]+:/.test(target))
      .map((target) => ({ line: index + 1, target })),
  );
}

describe('links of the README and docs/', () => {
  it('finds the pages and their links', () => {
    expect(pages).toContain('README.md');
    expect(pages).toContain('docs/options.md');
    expect(relativeLinks('README.md').length).toBeGreaterThanOrEqual(10);
  });

  it('GitHub-style slugs, as the anchors expect', () => {
    expect(slug('Example: the pins API')).toBe('example-the-pins-api');
    expect(slug('1. Wrap every loader: `field-dependency codemod`')).toBe('1-wrap-every-loader-field-dependency-codemod');
  });

  for (const page of pages) {
    it(`every relative link of ${page} resolves`, () => {
      const broken = relativeLinks(page).flatMap(({ line, target }) => {
        const [file = '', anchor] = target.split('#');
        const resolved = file === '' ? page : path.normalize(path.join(path.dirname(page), file));
        if (!existsSync(path.join(ROOT, resolved))) return [`${page}:${line}: ${target} (no file ${resolved})`];
        if (anchor === undefined || statSync(path.join(ROOT, resolved)).isDirectory()) return [];
        return anchorsOf(resolved).has(anchor) ? [] : [`${page}:${line}: ${target} (no heading #${anchor} in ${resolved})`];
      });
      expect(broken).toEqual([]);
    });
  }
});
