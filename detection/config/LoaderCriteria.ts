import path from 'node:path';
import type { Minimatch } from 'minimatch';

/** A `loaderNamePatterns` entry, compiled. */
export interface NamePattern {
  readonly source: string;
  readonly regex: RegExp;
}

/** A `loaderFiles` entry, compiled. */
export interface FileGlob {
  readonly glob: string;
  readonly matcher: Minimatch;
}

/** The configured detection that applies to one source file: the configuration found above it, compiled. */
export interface LoaderCriteria {
  /** The configuration file it came from, or `undefined` when no configuration applies. */
  readonly source: string | undefined;
  /** The directory `loaderFiles` globs are relative to. */
  readonly baseDirectory: string;
  readonly namePatterns: readonly NamePattern[];
  readonly files: readonly FileGlob[];
  readonly classes: ReadonlySet<string>;
}

/** Detection with no configuration: DataLoader batch functions only. */
export function defaultLoaderCriteria(baseDirectory: string): LoaderCriteria {
  return { source: undefined, baseDirectory, namePatterns: [], files: [], classes: new Set() };
}

/** The first name pattern `name` matches, if any. */
export function matchingNamePattern(criteria: LoaderCriteria, name: string): NamePattern | undefined {
  return criteria.namePatterns.find((pattern) => pattern.regex.test(name));
}

/** The first `loaderFiles` glob the file matches, if any. */
export function matchingFileGlob(criteria: LoaderCriteria, fileName: string): FileGlob | undefined {
  if (criteria.files.length === 0) return undefined;
  const relative = path.relative(criteria.baseDirectory, fileName).split(path.sep).join('/');
  return criteria.files.find((file) => file.matcher.match(relative));
}
