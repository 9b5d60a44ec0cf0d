import { Minimatch } from 'minimatch';

/**
 * The minimatch globs a CODEOWNERS pattern stands for, with GitHub's semantics (gitignore's, less negation,
 * character ranges and `\#`, which the parser rejects):
 *
 * - a pattern with a `/` at its start or in its middle is anchored at the repository root; any other
 *   (`*.js`, `apps/`) matches at any depth;
 * - a trailing `/` matches a directory, so everything below it (`apps/`: every file under any `apps` directory);
 * - otherwise the pattern matches a file, or a directory and everything below it (`/apps/github`);
 * - except that a final `*` matches files only, not what is in subdirectories: `docs/*` owns
 *   `docs/getting-started.md` but not `docs/build-app/troubleshooting.md`, as GitHub documents.
 *
 * Matching is case-sensitive, and `*` matches dotfiles, as on GitHub.
 */
export function compileCodeownersPattern(pattern: string): readonly Minimatch[] {
  const directoryOnly = pattern.endsWith('/');
  const trimmed = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  const anchored = pattern.startsWith('/') || trimmed.includes('/');
  const base = anchored || trimmed.startsWith('**/') ? trimmed : `**/${trimmed}`;
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const globs = directoryOnly ? [`${base}/**`] : lastSegment === '*' ? [base] : [base, `${base}/**`];
  return globs.map((glob) => new Minimatch(glob, { dot: true, nocase: false, nocomment: true, nonegate: true }));
}
