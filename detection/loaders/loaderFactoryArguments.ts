import type { CallExpression, Expression, NewExpression } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { DataLoaderConstruction } from './dataLoaderConstruction.js';
import { loaderFactoryCall } from './loaderFactories.js';
import { possibleFactoryNames } from './possibleFactoryNames.js';

/**
 * The loaders a call of a loader factory hands it (`makeByIdLoader(fetchFn)`, `new NullableDataLoader(fn)`,
 * `super(fn)` to a subclass with its own constructor), as constructions: each is checked where it is passed.
 */
export function loaderFactoryArguments(context: AnalysisContext, call: CallExpression | NewExpression): readonly DataLoaderConstruction[] {
  const { ts } = context;
  if (call.arguments === undefined || call.arguments.length === 0) return [];
  // Only calls of a name some factory may have are resolved (`new` and `super(…)` always are).
  if (ts.isCallExpression(call) && call.expression.kind !== ts.SyntaxKind.SuperKeyword) {
    let callee: Expression = call.expression;
    while (ts.isParenthesizedExpression(callee) || ts.isAsExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name === undefined || !possibleFactoryNames(context).has(name)) return [];
  }
  const found = loaderFactoryCall(context, call);
  if (found === undefined) return [];
  return found.loaders.map(({ argument, role }) => ({ node: call, batchArgument: argument, factory: { name: found.factory.name, role } }));
}
