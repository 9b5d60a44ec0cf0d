import type { Expression, Node } from 'typescript';
import { skipOuterExpressions, staticNameText, type TypeScriptApi } from '../../detection/index.js';

/**
 * The name of what holds the DataLoader a batch argument is handed to, for a field name: `users` in
 * `const users = new DataLoader(fn)`, in a class field `users = new DataLoader(fn)` or an object property
 * `users: new DataLoader(fn)`; the class name for `super(fn)` in a DataLoader subclass; else `undefined`.
 */
export function holderName(ts: TypeScriptApi, batchArgument: Expression): string | undefined {
  let argument: Node = batchArgument;
  while (ts.isExpression(argument.parent) && skipOuterExpressions(ts, argument.parent as Expression) !== argument.parent) argument = argument.parent;
  const construction = argument.parent;
  if (!ts.isNewExpression(construction) && !ts.isCallExpression(construction)) return undefined;
  if (construction.expression.kind === ts.SyntaxKind.SuperKeyword) return ts.findAncestor(construction, ts.isClassLike)?.name?.text;
  let outer: Node = construction;
  while (ts.isExpression(outer.parent) && skipOuterExpressions(ts, outer.parent as Expression) === construction) outer = outer.parent;
  const holder = outer.parent;
  if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
    return holder.initializer === outer ? staticNameText(ts, holder.name) : undefined;
  }
  return undefined;
}
