import type { ArrowFunction, Expression, FunctionDeclaration, FunctionExpression, MethodDeclaration } from 'typescript';

/** Where and how a loader gets wrapped. */
export type WrapSite =
  /** A class method: `@fieldDependency(type, { owner })` above it. */
  | { readonly kind: 'decorator'; readonly method: MethodDeclaration }
  /** An arrow or function expression (a variable's, a field's, a property's, or an inline batch function): wrapped in place. */
  | { readonly kind: 'expression'; readonly fn: ArrowFunction | FunctionExpression }
  /** A function declaration: becomes `const name = fieldDependency(…)(async function name(…) {…});`. */
  | { readonly kind: 'function-declaration'; readonly fn: FunctionDeclaration }
  /** An object-literal method: becomes `name: fieldDependency(…)(async function name(…) {…})`. */
  | { readonly kind: 'object-method'; readonly method: MethodDeclaration }
  /** Where DataLoader receives it: `new DataLoader(fieldDependency(…)(argument))`, at each site. */
  | { readonly kind: 'use-sites'; readonly arguments: readonly Expression[] };
