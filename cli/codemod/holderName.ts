import type { Expression, Node } from 'typescript';
import { skipOuterExpressions, staticNameText, type TypeScriptApi } from '../../detection/index.js';

/**
 * The name of what holds the DataLoader a batch argument is handed to, for a field name: `users` in
 * `const users = new DataLoader(fn)`, in a class field `users = new DataLoader(fn)` or an object property
 * `users: new DataLoader(fn)`; the factory's name when a function makes it (`byUserId: () => new DataLoader(fn)`,
 * `byUserId() { return new DataLoader(fn); }`, `function byUserId() { … }`); the class name for `super(fn)`
 * in a DataLoader subclass; else `undefined`.
 */
export function holderName(ts: TypeScriptApi, batchArgument: Expression): string | undefined {
  let argument: Node = batchArgument;
  while (ts.isExpression(argument.parent) && skipOuterExpressions(ts, argument.parent as Expression) !== argument.parent) argument = argument.parent;
  const construction = argument.parent;
  if (!ts.isNewExpression(construction) && !ts.isCallExpression(construction)) return undefined;
  if (construction.expression.kind === ts.SyntaxKind.SuperKeyword) return ts.findAncestor(construction, ts.isClassLike)?.name?.text;
  return nameHolding(ts, construction);
}

/** The name of the variable, field, property or function that `expression`'s value is assigned to or returned from. */
function nameHolding(ts: TypeScriptApi, expression: Expression): string | undefined {
  let outer: Node = expression;
  while (ts.isExpression(outer.parent) && skipOuterExpressions(ts, outer.parent as Expression) === expression) outer = outer.parent;
  const holder = outer.parent;
  if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
    return holder.initializer === outer ? staticNameText(ts, holder.name) : undefined;
  }
  // `this.users = …`, as in a constructor.
  if (ts.isBinaryExpression(holder) && holder.right === outer && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuterExpressions(ts, holder.left);
    return ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : undefined;
  }
  // A factory: `() => new DataLoader(fn)`, or `return new DataLoader(fn);` as a function's only way out.
  const factory = ts.isArrowFunction(holder) && holder.body === outer ? holder : ts.isReturnStatement(holder) ? ts.findAncestor(holder, ts.isFunctionLike) : undefined;
  if (factory === undefined) return undefined;
  if ((ts.isFunctionDeclaration(factory) || ts.isMethodDeclaration(factory)) && factory.name !== undefined) return staticNameText(ts, factory.name);
  if (ts.isArrowFunction(factory) || ts.isFunctionExpression(factory)) return nameHolding(ts, factory);
  return undefined;
}
