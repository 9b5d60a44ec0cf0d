import type { Expression } from 'typescript';
import type { AnalysisContext } from './AnalysisContext.js';
import { symbolAt, targetDeclaration } from './symbols.js';
import { skipOuterExpressions, staticNameText, stringLiteralText } from './syntax.js';

/**
 * The `name` the function an expression evaluates to has at run time, as far as the source tells: the
 * runtime's default field name for `fieldDependency(…)(expression)`. A reference gives the name of what it
 * refers to (a function declaration, a method, a named function expression, or the variable or property an
 * anonymous function is assigned to, through `const alias = fn` and `object['key']`); an anonymous function written in place has none (`undefined`), and
 * neither has anything else (`fn.bind(…)` is named `bound fn`, a call's result is unknown).
 */
export function runtimeFunctionName(context: AnalysisContext, expression: Expression, depth = 0): string | undefined {
  const { ts } = context;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isFunctionExpression(node) || ts.isClassExpression(node)) return node.name?.text;
  const key = ts.isElementAccessExpression(node) ? stringLiteralText(ts, node.argumentExpression) : undefined;
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node) && key === undefined) return undefined;
  const written = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : (key as string);
  const symbol = ts.isElementAccessExpression(node) ? context.checker.getSymbolAtLocation(node.argumentExpression) : symbolAt(context, node);
  const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
  if (declaration === undefined) return written;
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer !== undefined
  ) {
    const initializer = skipOuterExpressions(ts, declaration.initializer);
    if (ts.isFunctionExpression(initializer) && initializer.name !== undefined) return initializer.name.text;
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return staticNameText(ts, declaration.name);
    // `const boards = loadBoards`: the function keeps the name it was declared with.
    if ((ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) && depth < 8) return runtimeFunctionName(context, initializer, depth + 1) ?? written;
    return written;
  }
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) {
    return staticNameText(ts, declaration.name) ?? written;
  }
  return written;
}
