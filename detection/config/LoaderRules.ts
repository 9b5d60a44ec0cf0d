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
export interface LoaderRules {
  /** The configuration file it came from, or `undefined` when no configuration applies. */
  readonly source: string | undefined;
  /** The directory `loaderFiles` globs are relative to. */
  readonly baseDirectory: string;
  readonly namePatterns: readonly NamePattern[];
  readonly files: readonly FileGlob[];
  readonly classes: ReadonlySet<string>;
}

/** Detection with no configuration: DataLoader batch functions only. */
export function defaultLoaderRules(baseDirectory: string): LoaderRules {
  return { source: undefined, baseDirectory, namePatterns: [], files: [], classes: new Set() };
}

/** The first name pattern `name` matches, if any. */
export function matchingNamePattern(rules: LoaderRules, name: string): NamePattern | undefined {
  return rules.namePatterns.find((pattern) => pattern.regex.test(name));
}

/** The first `loaderFiles` glob the file matches, if any. */
export function matchingFileGlob(rules: LoaderRules, fileName: string): FileGlob | undefined {
  if (rules.files.length === 0) return undefined;
  const relative = path.relative(rules.baseDirectory, fileName).split(path.sep).join('/');
  return rules.files.find((file) => file.matcher.match(relative));
}
