import type { Node } from 'typescript';

/** A file the codemod changes: its text before and after. */
export interface FileChange {
  readonly fileName: string;
  readonly before: string;
  readonly after: string;
}

/** A loader left for a person, with why: under a `TODO(field-dependency)` marker this run writes, or one an earlier run wrote. */
export interface TodoItem {
  readonly fileName: string;
  /** 1-based line of the marker, in the file as the codemod leaves it. */
  readonly line: number;
  /** The loader's name, or a description of an inline one. */
  readonly loader: string;
  readonly message: string;
  readonly marker: 'written' | 'existing';
}

/** A loader wrapped `critical: true` because it writes or decides access, under a review comment. */
export interface ReviewItem {
  readonly fileName: string;
  /** 1-based line of the review comment, in the file as the codemod leaves it. */
  readonly line: number;
  readonly loader: string;
  readonly message: string;
}

/** A file that does not parse: reported, and nothing is written to it. */
export interface SkippedFile {
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Where one planned wrapper's edits are, in the files as the codemod leaves them. */
export interface PlannedWrap {
  /** The key of the loader's target: the same node in a later plan of the same program. */
  readonly target: Node;
  /** The loader's name, or a description of an inline one. */
  readonly loader: string;
  /** Per file, from the first to the last character its edits touch (its wrapper, review comment, eviction), after the edits. */
  readonly ranges: readonly { readonly fileName: string; readonly start: number; readonly end: number }[];
}

/** A compile error that the changes would add, and the wrap it is in, if any. */
export interface NewTypeError {
  readonly fileName: string;
  /** 1-based, in the file as the codemod leaves it. */
  readonly line: number;
  readonly column: number;
  /** `TS2345`. */
  readonly code: string;
  /** The compiler's message, on one line. */
  readonly message: string;
  /** The planned wrap whose edits it lies in. */
  readonly wrap: PlannedWrap | undefined;
}

/** What the codemod does to a project, before anything is written. */
export interface CodemodPlan {
  readonly changes: readonly FileChange[];
  /** How many loaders it wraps. */
  readonly wrapped: number;
  /** How many of them it wraps `critical: true` (tier 1, never shed); the others are optional, tier 2 by default. */
  readonly wrappedCritical: number;
  readonly todos: readonly TodoItem[];
  /** Loaders wrapped but kept critical for a person to review. */
  readonly reviews: readonly ReviewItem[];
  readonly skipped: readonly SkippedFile[];
  /** Where each wrap it plans is, for the type-check of the changes. */
  readonly wraps: readonly PlannedWrap[];
  /**
   * The type-check of the changes in the project's own program, once made: the loaders turned into TODOs because
   * their wrapper would not compile, and the compile errors the changes still add (none, normally).
   */
  readonly typeCheck?: {
    readonly refused: number;
    readonly newErrors: readonly NewTypeError[];
    /** Why the changes were not type-checked (the package does not resolve from the project), if they were not. */
    readonly unchecked?: string;
  };
}
