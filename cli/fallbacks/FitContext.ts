import type { Program, TypeChecker } from 'typescript';
import type { TypeScriptApi } from '../../detection/index.js';

/** What judging a fallback needs: the types, seen with `strictNullChecks` on, and how the project itself sees `null`. */
export interface FitContext {
  readonly ts: TypeScriptApi;
  /** The program whose checker is {@link checker}: the project's own, or its strict-null view. */
  readonly program: Program;
  readonly checker: TypeChecker;
  /**
   * Whether the project compiles with `strictNullChecks` on. When it does not, a record type or a value type with
   * `undefined` takes `null` too (that project cannot write "or null"); an array, a collection or a primitive does not.
   */
  readonly projectChecksNulls: boolean;
}
