import type { MessageId, RuleName } from '../../detection/index.js';

/** A finding as `check` prints it: paths relative to the working directory, with `/` separators. */
export interface CheckedFinding {
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** How many places that make a loader it stands for (more than 1 at a loader factory whose calls cannot all be followed). */
  readonly loaderSites: number;
  /** For a finding at a loader factory whose calls cannot all be followed: the factory. */
  readonly factory?: string;
}

/** A `field-dependency-ignore: <reason>` comment and the findings it silenced. */
export interface CheckedSuppression {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly suppresses: readonly CheckedFinding[];
  /** How many places that make a loader it silences: the sum of its findings' `loaderSites`. */
  readonly loaderSites: number;
}

/** The result of `field-dependency check`, before formatting. */
export interface CheckResult {
  /** The tsconfig checked, relative to the working directory. */
  readonly tsconfig: string;
  readonly filesChecked: number;
  readonly findings: readonly CheckedFinding[];
  readonly suppressions: readonly CheckedSuppression[];
  /** Loaders at least that loader factories hide where their calls cannot be followed (reported or suppressed). */
  readonly hiddenByFactories: number;
}
