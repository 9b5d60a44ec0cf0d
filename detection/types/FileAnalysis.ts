import type { Finding } from './Finding.js';
import type { SuppressionComment } from './SuppressionComment.js';

/** A finding silenced by a `field-dependency-ignore: <reason>` comment. */
export interface SuppressedFinding {
  readonly finding: Finding;
  /** The comment that silenced it (possibly in the file that declares the loader). */
  readonly suppression: SuppressionComment;
}

/** Everything detection found in one source file. */
export interface FileAnalysis {
  readonly fileName: string;
  /** Problems to report, in source order. */
  readonly findings: readonly Finding[];
  /** Loaders that would be reported but for a suppression comment. */
  readonly suppressed: readonly SuppressedFinding[];
  /** The file's `field-dependency-ignore` comments that carry a reason. */
  readonly suppressions: readonly SuppressionComment[];
}
