import type { FunctionLikeDeclaration, Node } from 'typescript';

/** A function found to be a loader: where it is declared, what to call it, and the function itself. */
export interface LoaderDeclaration {
  /**
   * The declaration: a function declaration, a method, a variable / class field / object property whose
   * initializer is the function, or the function itself when it is written inline.
   */
  readonly node: Node;
  /** The name to report at; `undefined` for an inline function. */
  readonly nameNode: Node | undefined;
  /** The name as written; `undefined` for an inline function. */
  readonly name: string | undefined;
  /** The function's own syntax node, when the declaration has one (not for a wrapped initializer). */
  readonly functionNode: FunctionLikeDeclaration | undefined;
}
