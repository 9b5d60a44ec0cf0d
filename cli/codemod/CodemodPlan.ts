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

/** What the codemod does to a project, before anything is written. */
export interface CodemodPlan {
  readonly changes: readonly FileChange[];
  /** How many loaders it wraps. */
  readonly wrapped: number;
  readonly todos: readonly TodoItem[];
  /** Loaders wrapped but kept critical for a person to review. */
  readonly reviews: readonly ReviewItem[];
  readonly skipped: readonly SkippedFile[];
}
