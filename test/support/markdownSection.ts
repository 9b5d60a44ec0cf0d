import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's README.md. */
export const README_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');

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

/** A section of README.md (see {@link markdownSection}). */
export function readmeSection(heading: string): string {
  return markdownSection(readFileSync(README_PATH, 'utf8'), heading);
}
