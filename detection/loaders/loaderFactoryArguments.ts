import type { CallExpression, NewExpression } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { DataLoaderConstruction } from './dataLoaderConstruction.js';
import { loaderFactoryCall } from './loaderFactories.js';

/**
 * The loaders a call of a loader factory hands it (`makeByIdLoader(fetchFn)`, `new NullableDataLoader(fn)`,
 * `super(fn)` to a subclass with its own constructor), as constructions: each is checked where it is passed.
 */
export function loaderFactoryArguments(context: AnalysisContext, call: CallExpression | NewExpression): readonly DataLoaderConstruction[] {
  const found = loaderFactoryCall(context, call);
  if (found === undefined) return [];
  return found.loaders.map(({ argument, role }) => ({ node: call, batchArgument: argument, factory: { name: found.factory.name, role } }));
}
