import type { LoaderTarget } from './LoaderTarget.js';
import type { MessageId, RuleName } from './messages.js';

/** A 1-based line and column, as editors, ESLint and SARIF show them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A replacement of the text between two offsets of the analysed file. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A fix offered, not applied: the ESLint suggestion that wraps a loader. */
export interface Suggestion {
  readonly messageId: 'wrapWithFieldDependency';
  readonly edits: readonly TextEdit[];
}

/** One problem, located in the analysed file. */
export interface Finding {
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  /** The message, filled in. */
  readonly message: string;
  readonly fileName: string;
  /** Offsets in the analysed file. */
  readonly range: { readonly start: number; readonly end: number };
  readonly start: Position;
  readonly end: Position;
  readonly suggestion: Suggestion | undefined;
  /** For `require-field-dependency`: the loader and where DataLoader receives it; `undefined` for other rules. */
  readonly target: LoaderTarget | undefined;
  /**
   * How many places that make a loader this finding stands for: 1 for most; each DataLoader a loader declared
   * here is handed to; at least the number of uses a loader factory's callers cannot be followed through, for a
   * finding at that factory. 0 for `valid-field-dependency`. What a suppression of it silences.
   */
  readonly loaderSites: number;
}
