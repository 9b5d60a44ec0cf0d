import type { Expression, Node } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { symbolAt, targetDeclaration } from '../symbols.js';

/**
 * The declaration a `fieldDependency(…)(fn)` call wraps when `fn` is a reference (`fieldDependency(…)(batchUsers)`):
 * that declaration counts as wrapped even though it is written bare.
 */
export function wrappedDeclaration(context: AnalysisContext, argument: Expression | undefined): Node | undefined {
  if (argument === undefined) return undefined;
  const symbol = symbolAt(context, argument);
  return symbol === undefined ? undefined : targetDeclaration(context, symbol);
}
