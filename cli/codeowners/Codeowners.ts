import type { CodeownersProblem, CodeownersRule } from './CodeownersRule.js';

/** A CODEOWNERS file, ready to answer who owns a path. */
export interface Codeowners {
  /** The CODEOWNERS file, absolute. */
  readonly file: string;
  /** The directory its patterns are relative to (the repository root), absolute. */
  readonly root: string;
  readonly rules: readonly CodeownersRule[];
  /** Lines that could not be used, skipped. */
  readonly problems: readonly CodeownersProblem[];
}

/**
 * The rule that decides who owns `relativePath` (relative to the root, `/`-separated): the last rule that
 * matches, as on GitHub; `undefined` when none does.
 */
export function ruleFor(codeowners: Codeowners, relativePath: string): CodeownersRule | undefined {
  for (let index = codeowners.rules.length - 1; index >= 0; index -= 1) {
    const rule = codeowners.rules[index];
    if (rule !== undefined && rule.matchers.some((matcher) => matcher.match(relativePath))) return rule;
  }
  return undefined;
}
