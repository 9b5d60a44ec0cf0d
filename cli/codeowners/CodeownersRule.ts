import type { Minimatch } from 'minimatch';

/** One valid line of a CODEOWNERS file: a path pattern and the owners it assigns. */
export interface CodeownersRule {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The pattern as written. */
  readonly pattern: string;
  /** `@user`, `@org/team` or e-mail owners, as written; empty when the line makes the matching files unowned. */
  readonly owners: readonly string[];
  /** The globs the pattern stands for, relative to the repository root; a path matching any is matched. */
  readonly matchers: readonly Minimatch[];
}

/** A CODEOWNERS line that cannot be used, as GitHub would flag it; the line is skipped. */
export interface CodeownersProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}
