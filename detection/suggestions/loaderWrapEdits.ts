import type { Expression, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { TextEdit } from '../types/Finding.js';
import type { LoaderDeclaration } from '../types/LoaderDeclaration.js';
import { skipOuterExpressions } from '../syntax.js';
import { decorateMethodEdits, wrapExpressionEdits } from './wrapEdits.js';
import type { WrapperReference } from './wrapperReference.js';

/**
 * How to wrap a loader declared in this file: wrap an inline function where it is written, decorate a class
 * method, or else (a function declaration, an object-literal method) wrap it where DataLoader receives it;
 * `undefined` when none applies (a configured loader that no DataLoader receives here). `wrapper` is how the
 * file names `fieldDependency` (`wrapperReference`), computed once per file: asking it per loader would
 * rescan every statement of the file for each of its loaders.
 */
export function loaderWrapEdits(
  context: AnalysisContext,
  file: SourceFile,
  loader: LoaderDeclaration,
  siteArguments: readonly Expression[],
  wrapper: WrapperReference,
): readonly TextEdit[] | undefined {
  const { ts } = context;
  const fn = loader.functionNode;
  let edits: readonly TextEdit[];
  if (fn !== undefined && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) edits = wrapExpressionEdits(file, fn, wrapper);
  else if (fn !== undefined && ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) edits = decorateMethodEdits(file, fn, wrapper);
  else if (siteArguments.length > 0) {
    edits = siteArguments.flatMap((argument) => wrapExpressionEdits(file, skipOuterExpressions(ts, argument), wrapper));
  } else return undefined;
  return [...wrapper.importEdits, ...edits];
}

/** Edits that wrap a batch argument where DataLoader receives it, for a loader that cannot be wrapped where it is declared. */
export function batchArgumentWrapEdits(
  context: AnalysisContext,
  file: SourceFile,
  batchArgument: Expression,
  wrapper: WrapperReference,
): readonly TextEdit[] {
  return [...wrapper.importEdits, ...wrapExpressionEdits(file, skipOuterExpressions(context.ts, batchArgument), wrapper)];
}
