import type { Position } from './Finding.js';

/** A `field-dependency-ignore` comment. */
export interface SuppressionComment {
  readonly fileName: string;
  /** Offsets of the comment in its file. */
  readonly range: { readonly start: number; readonly end: number };
  readonly start: Position;
  readonly end: Position;
  /** The reason after the colon; `undefined` when missing, and then the comment suppresses nothing. */
  readonly reason: string | undefined;
}
