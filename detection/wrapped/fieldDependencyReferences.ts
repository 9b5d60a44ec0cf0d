import type { CallExpression, Expression, Node } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { refersToModuleExport } from '../moduleExports.js';
import { initializerOf, symbolAt, targetDeclaration } from '../symbols.js';
import { skipOuterExpressions } from '../syntax.js';

/** The package whose wrapper counts. */
export const FIELD_DEPENDENCY_MODULE = 'field-dependency';
/** The export that wraps a loader. */
export const FIELD_DEPENDENCY_EXPORT = 'fieldDependency';

/**
 * Whether an expression is this package's `fieldDependency` function: imported under any name, through a
 * namespace, `require`, or local re-export modules. A local function that happens to be called
 * `fieldDependency` is not.
 */
export function isFieldDependencyFunction(context: AnalysisContext, expression: Expression): boolean {
  const { ts, memo } = context;
  const node = skipOuterExpressions(context.ts, expression);
  if (ts.isPropertyAccessExpression(node)) {
    return node.name.text === FIELD_DEPENDENCY_EXPORT && refersToModuleExport(context, node, FIELD_DEPENDENCY_MODULE, FIELD_DEPENDENCY_EXPORT);
  }
  if (!ts.isIdentifier(node)) return false;
  const symbol = symbolAt(context, node);
  if (symbol === undefined) return false;
  let known = memo.fieldDependencySymbols.get(symbol);
  if (known === undefined) {
    known = refersToModuleExport(context, node, FIELD_DEPENDENCY_MODULE, FIELD_DEPENDENCY_EXPORT);
    memo.fieldDependencySymbols.set(symbol, known);
  }
  return known;
}

/** Whether a call is `fieldDependency(type, options)` from this package. */
export function isFieldDependencyCall(context: AnalysisContext, node: Node): node is CallExpression {
  return context.ts.isCallExpression(node) && isFieldDependencyFunction(context, node.expression);
}

/**
 * Whether an expression is a decorator made by this package's `fieldDependency`: the call itself
 * (`fieldDependency(Map, { owner })`), or a constant holding one, in this file or imported.
 */
export function isFieldDependencyDecorator(context: AnalysisContext, expression: Expression, depth = 0): boolean {
  const { ts, memo } = context;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isCallExpression(node)) return isFieldDependencyFunction(context, node.expression);
  if (!ts.isIdentifier(node) || depth > 8) return false;
  const symbol = symbolAt(context, node);
  if (symbol === undefined) return false;
  let known = memo.decoratorSymbols.get(symbol);
  if (known === undefined) {
    memo.decoratorSymbols.set(symbol, false);
    const declaration = targetDeclaration(context, symbol);
    const initializer = declaration === undefined ? undefined : initializerOf(context, declaration);
    known = initializer !== undefined && isFieldDependencyDecorator(context, initializer, depth + 1);
    memo.decoratorSymbols.set(symbol, known);
  }
  return known;
}

/** Whether an expression is `fieldDependency(type, options)(fn)`, directly or through a decorator constant. */
export function isWrapCall(context: AnalysisContext, expression: Expression): expression is CallExpression {
  const { ts } = context;
  const node = skipOuterExpressions(ts, expression);
  return ts.isCallExpression(node) && node.arguments.length >= 1 && isFieldDependencyDecorator(context, node.expression);
}

/** Whether a method (or other decoratable node) carries a `fieldDependency` decorator from this package. */
export function isDecoratedWithFieldDependency(context: AnalysisContext, node: Node): boolean {
  const { ts } = context;
  if (!ts.canHaveDecorators(node)) return false;
  return (ts.getDecorators(node) ?? []).some((decorator) => isFieldDependencyDecorator(context, decorator.expression));
}

/**
 * The `fieldDependency(type, options)` call behind a decorator or wrapper expression: the call itself, or
 * the initializer of the constant holding it (in this file or imported); `undefined` when there is none.
 */
export function fieldDependencyCallOf(context: AnalysisContext, expression: Expression, depth = 0): CallExpression | undefined {
  const { ts } = context;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isCallExpression(node)) return isFieldDependencyFunction(context, node.expression) ? node : undefined;
  if (!ts.isIdentifier(node) || depth > 8) return undefined;
  const symbol = symbolAt(context, node);
  const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
  const initializer = declaration === undefined ? undefined : initializerOf(context, declaration);
  return initializer === undefined ? undefined : fieldDependencyCallOf(context, initializer, depth + 1);
}
