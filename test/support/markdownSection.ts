import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The user documentation the README links to: `docs/*.md` (the rule pages under `docs/rules/` aside). */
export const DOCS_DIR = path.join(ROOT, 'docs');

/** The user documentation, repository-relative: `README.md` first, then every `docs/*.md`, sorted. */
export function documentationPages(): string[] {
  const pages = readdirSync(DOCS_DIR).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...pages.map((name) => `docs/${name}`)];
}

/** The text of the documentation page `docs/<name>` (e.g. `'ci.md'`). */
export function docPage(name: string): string {
  return readFileSync(path.join(DOCS_DIR, name), 'utf8');
}

/**
 * The text of the section under `heading` (e.g. `'## CI'`), up to the next heading of the same or a higher
 * level (headings inside fenced code blocks do not count). Throws when the heading is missing, so a renamed section fails the tests that read it.
 */
export function markdownSection(markdown: string, heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section '${heading}'`);
  const lines = markdown.slice(start + heading.length + 2).split('\n');
  const ends = new RegExp(`^#{1,${level}} `);
  let fenced = false;
  const end = lines.findIndex((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && ends.test(line);
  });
  return (end === -1 ? lines : lines.slice(0, end)).join('\n');
}
