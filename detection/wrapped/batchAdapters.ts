import type { CallExpression, Expression } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { refersToModuleExport } from '../moduleExports.js';
import { skipOuterExpressions } from '../syntax.js';
import { FIELD_DEPENDENCY_MODULE } from './fieldDependencyReferences.js';

/**
 * This package's functions that take a batch function and hand DataLoader another one which calls it:
 * `evictDegradedKeys(fn)` (clears degraded keys from the cache) and `batchFromMap(fn)` (aligns a Map loader's
 * answer to the keys). They count nothing themselves, so the function they take is the loader: wrapped when
 * it is, and the place to wrap when it is not (wrapping the adapter would count the call twice).
 */
export const BATCH_ADAPTER_EXPORTS: readonly string[] = ['evictDegradedKeys', 'batchFromMap'];

/** The batch function inside `evictDegradedKeys(fn)` or `batchFromMap(fn)` from this package; `undefined` for any other call. */
export function adaptedBatchFunction(context: AnalysisContext, call: CallExpression): Expression | undefined {
  const { ts } = context;
  const callee = skipOuterExpressions(ts, call.expression);
  const [batch] = call.arguments;
  if (batch === undefined || (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee))) return undefined;
  const exported = BATCH_ADAPTER_EXPORTS.find((candidate) => refersToModuleExport(context, callee, FIELD_DEPENDENCY_MODULE, candidate));
  return exported === undefined ? undefined : batch;
}
