import type { ClassLikeDeclaration, Expression, Node } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { BatchParameterRole } from './BatchParameterRole.js';
import { refersToModuleExport } from '../moduleExports.js';
import { symbolAt, targetDeclaration } from '../symbols.js';
import { skipOuterExpressions } from '../syntax.js';

/** The package whose class takes a batch function. */
const DATALOADER_MODULE = 'dataloader';

/** A place where a batch function is handed to DataLoader: `new DataLoader(fn, …)` or `super(fn, …)` in a subclass. */
export interface DataLoaderConstruction {
  /** The `new` expression or `super(…)` call. */
  readonly node: Node;
  /** The batch function argument as written. */
  readonly batchArgument: Expression;
  /** For an argument of a loader factory's call (`makeByIdLoader(fetchFn)`): the factory, and what it does with it. */
  readonly factory?: { readonly name: string; readonly role: BatchParameterRole };
}

/**
 * The DataLoader construction at `node`, if it is one: `new X(fn)` where `X` is DataLoader however it was
 * imported (default, renamed, namespace, `require`, re-exported), or a subclass that keeps DataLoader's
 * constructor; or `super(fn)` in the constructor of a subclass.
 */
export function dataLoaderConstructionAt(context: AnalysisContext, node: Node): DataLoaderConstruction | undefined {
  const { ts } = context;
  let callee: Expression | undefined;
  let batchArgument: Expression | undefined;
  if (ts.isNewExpression(node)) {
    callee = node.expression;
    batchArgument = node.arguments?.[0];
  } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
    callee = extendedClass(context, ts.findAncestor(node, ts.isClassLike));
    batchArgument = node.arguments[0];
  }
  if (callee === undefined || batchArgument === undefined || ts.isSpreadElement(batchArgument)) return undefined;
  return passesBatchFunctionToDataLoader(context, callee, 0) ? { node, batchArgument } : undefined;
}

/**
 * Whether `new callee(fn)` hands `fn` to DataLoader: `callee` is DataLoader, or a subclass chain in which no
 * class declares its own constructor (a class that does is checked at its `super(…)` call instead).
 */
function passesBatchFunctionToDataLoader(context: AnalysisContext, callee: Expression, depth: number): boolean {
  const { ts, memo } = context;
  const node = skipOuterExpressions(ts, callee);
  if (depth > 8 || !(ts.isIdentifier(node) || (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)))) {
    return false;
  }
  const symbol = symbolAt(context, node);
  const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
  // Unresolved (the package is not installed): decided by the import's module specifier alone.
  if (declaration === undefined) return refersToModuleExport(context, node, DATALOADER_MODULE);
  const known = memo.dataLoaderConstructors.get(declaration);
  if (known !== undefined) return known;
  memo.dataLoaderConstructors.set(declaration, false);
  let result = refersToModuleExport(context, node, DATALOADER_MODULE);
  if (!result && ts.isClassLike(declaration)) {
    const hasOwnConstructor = declaration.members.some((member) => ts.isConstructorDeclaration(member) && member.body !== undefined);
    const base = extendedClass(context, declaration);
    result = !hasOwnConstructor && base !== undefined && passesBatchFunctionToDataLoader(context, base, depth + 1);
  }
  memo.dataLoaderConstructors.set(declaration, result);
  return result;
}

/** The expression after `extends` in a class declaration, if it has one. */
export function extendedClass(context: AnalysisContext, declaration: ClassLikeDeclaration | undefined): Expression | undefined {
  const { ts } = context;
  const clause = declaration?.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  return clause?.types[0]?.expression;
}
