import type { Expression, Node } from 'typescript';
import { holderFieldName, type Holder } from '../../src/core/fieldNameRule.js';
import type { TypeScriptApi } from '../TypeScriptApi.js';
import { skipOuterExpressions } from '../syntax.js';

/**
 * What holds the value of `expression` (a loader, a `fieldDependency(…)(…)` call, a batch argument), as the
 * naming rule defines it: climbing what may stand between them (parentheses and type assertions, `await`, an
 * arrow's expression body, the first argument of a call or `new`), the variable, object property, class
 * field or assignment (`this.likes = …`) it ends in. `undefined` when it ends elsewhere (a `return`, a
 * second argument, a computed key).
 *
 * @example
 * // `likes` for the inline batch function in `this.likes = new DataLoader(async (ids) => …)`
 */
export function holderOf(ts: TypeScriptApi, expression: Node): Holder | undefined {
  let current = expression;
  for (;;) {
    const parent = current.parent;
    const through =
      (ts.isExpression(parent) && skipOuterExpressions(ts, parent as Expression) !== parent) ||
      ts.isAwaitExpression(parent) ||
      (ts.isArrowFunction(parent) && parent.body === current) ||
      ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.[0] === current);
    if (!through) break;
    current = parent;
  }
  const holder = current.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === current && ts.isIdentifier(holder.name)) {
    return { kind: 'variable', written: holder.name.text };
  }
  if (ts.isPropertyAssignment(holder) && holder.initializer === current && !ts.isComputedPropertyName(holder.name)) {
    return { kind: 'property', written: holder.name.getText() };
  }
  if (ts.isPropertyDeclaration(holder) && holder.initializer === current && !ts.isComputedPropertyName(holder.name)) {
    return { kind: 'class-field', written: holder.name.getText() };
  }
  if (ts.isBinaryExpression(holder) && holder.right === current && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuterExpressions(ts, holder.left);
    if (ts.isIdentifier(target)) return { kind: 'assignment', written: target.text };
    if (ts.isPropertyAccessExpression(target)) return { kind: 'assignment', written: `${target.expression.getText().replace(/\s+/g, '')}.${target.name.text}` };
  }
  return undefined;
}

/** The field name {@link holderOf} gives `expression`'s value, by the naming rule; `undefined` when nothing holds it. */
export function holderName(ts: TypeScriptApi, expression: Node): string | undefined {
  const holder = holderOf(ts, expression);
  return holder === undefined ? undefined : holderFieldName(holder);
}
