import type { CallExpression, Expression, FunctionLikeDeclaration, Node, ParameterDeclaration, Symbol as TsSymbol } from 'typescript';
import { isProjectSource, type AnalysisContext } from '../AnalysisContext.js';
import { isDecoratedWithFieldDependency, isWrapCall } from '../wrapped/fieldDependencyReferences.js';
import { adaptedBatchFunction } from '../wrapped/batchAdapters.js';
import type { LoaderDeclaration } from '../types/LoaderDeclaration.js';
import { symbolAt, targetDeclaration } from '../symbols.js';
import { skipOuterExpressions, staticNameText } from '../syntax.js';

/** What a batch function argument turned out to be. */
export type BatchFunctionResolution =
  | { readonly kind: 'wrapped' }
  | { readonly kind: 'function'; readonly loader: LoaderDeclaration }
  /** A call that returns the batch function (`batchMany(fetchMany)`): the call is the loader, wrapped as a whole. */
  | { readonly kind: 'built'; readonly call: CallExpression }
  /** A parameter: a loader factory's, whose callers hand the loaders, or one that cannot be followed. */
  | { readonly kind: 'parameter'; readonly parameter: ParameterDeclaration }
  | { readonly kind: 'untraceable'; readonly reason: string };

const MAX_DEPTH = 12;

/**
 * Follows a batch function argument to the function that really runs: through references (same or other
 * file), `const` copies, `.bind(this)`, this package's batch adapters (`evictDegradedKeys(fn)`,
 * `batchFromMap(fn)`), object properties and shorthands, and forwarding arrows such as
 * `ids => this.batchUsers(ids)`. Decides on the way whether it is wrapped by this package's
 * `fieldDependency`, either around the function or as a decorator on the method. A call other than those
 * builds the batch function (`batchMany(fetchMany)`) and is the loader itself, wrapped unless a wrapped
 * function is handed to it; a parameter is left to the caller, which knows the loader factories.
 */
export function resolveBatchFunction(context: AnalysisContext, argument: Expression, depth = 0): BatchFunctionResolution {
  const { ts } = context;
  const node = skipOuterExpressions(ts, argument);
  if (depth > MAX_DEPTH) return { kind: 'untraceable', reason: 'its references go too deep to follow' };
  if (isWrapCall(context, node)) return { kind: 'wrapped' };
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return resolveInlineFunction(context, node, depth);
  if (ts.isCallExpression(node)) {
    const bound = boundFunction(context, node) ?? adaptedBatchFunction(context, node);
    if (bound !== undefined) return resolveBatchFunction(context, bound, depth + 1);
    // A helper handed a wrapped function (`batchMany(fieldDependency(…)(fetchMany))`) builds on a wrapped loader.
    if (node.arguments.some((argument) => isWrapCall(context, argument))) return { kind: 'wrapped' };
    return { kind: 'built', call: node };
  }
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    const symbol = symbolAt(context, node);
    if (symbol === undefined) return { kind: 'untraceable', reason: 'it has no declaration' };
    return resolveSymbol(context, symbol, depth);
  }
  return { kind: 'untraceable', reason: 'it is not a function or a reference to one' };
}

function resolveInlineFunction(
  context: AnalysisContext,
  fn: FunctionLikeDeclaration & Expression,
  depth: number,
): BatchFunctionResolution {
  const { ts } = context;
  const forwarded = forwardedCall(context, fn);
  if (forwarded !== undefined) {
    const target = resolveBatchFunction(context, forwarded.expression, depth + 1);
    if (target.kind === 'wrapped') return target;
    if (target.kind === 'function' && isProjectSource(context, target.loader.node.getSourceFile())) return target;
  }
  const name = ts.isFunctionExpression(fn) ? fn.name?.text : undefined;
  return { kind: 'function', loader: { node: fn, nameNode: undefined, name, functionNode: fn } };
}

function resolveSymbol(context: AnalysisContext, symbol: TsSymbol, depth: number): BatchFunctionResolution {
  const { ts } = context;
  const declaration = targetDeclaration(context, symbol);
  if (declaration === undefined) {
    return { kind: 'untraceable', reason: 'it is imported from a module that cannot be resolved' };
  }
  if (!isProjectSource(context, declaration.getSourceFile())) {
    return { kind: 'untraceable', reason: 'it is defined outside the project' };
  }
  if (ts.isFunctionDeclaration(declaration) && declaration.body !== undefined) {
    return { kind: 'function', loader: named(context, declaration, declaration.name, declaration) };
  }
  if (ts.isMethodDeclaration(declaration) && declaration.body !== undefined) {
    if (isDecoratedWithFieldDependency(context, declaration)) return { kind: 'wrapped' };
    return { kind: 'function', loader: named(context, declaration, declaration.name, declaration) };
  }
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    if (declaration.initializer === undefined) return { kind: 'untraceable', reason: 'it has no initializer' };
    const initializer = skipOuterExpressions(ts, declaration.initializer);
    const resolved = resolveBatchFunction(context, initializer, depth + 1);
    if (resolved.kind === 'function' && resolved.loader.node === initializer) {
      return { kind: 'function', loader: named(context, declaration, declaration.name, resolved.loader.functionNode) };
    }
    return resolved;
  }
  if (ts.isParameter(declaration)) return { kind: 'parameter', parameter: declaration };
  return { kind: 'untraceable', reason: 'it is not declared as a function' };
}

function named(
  context: AnalysisContext,
  node: Node,
  nameNode: Node | undefined,
  functionNode: FunctionLikeDeclaration | undefined,
): LoaderDeclaration {
  return { node, nameNode, name: staticNameText(context.ts, nameNode), functionNode };
}

/** `fn.bind(thisArg)` → `fn`. */
function boundFunction(context: AnalysisContext, call: CallExpression): Expression | undefined {
  const { ts } = context;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind' ? callee.expression : undefined;
}

/**
 * The call a function only forwards to: its body is `callee(a, b)` (or `return`/`await` of it) and every
 * argument is one of its own parameters, as in `ids => this.batchUsers(ids)`.
 */
function forwardedCall(context: AnalysisContext, fn: FunctionLikeDeclaration): CallExpression | undefined {
  const { ts } = context;
  let body: Node | undefined = fn.body;
  if (body !== undefined && ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    body = only !== undefined && ts.isReturnStatement(only) ? only.expression : undefined;
  }
  if (body === undefined || !ts.isExpression(body)) return undefined;
  let expression = skipOuterExpressions(ts, body);
  if (ts.isAwaitExpression(expression)) expression = skipOuterExpressions(ts, expression.expression);
  if (!ts.isCallExpression(expression) || expression.arguments.length === 0) return undefined;
  const parameters = new Set(fn.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
  const forwardsOnlyParameters = expression.arguments.every((argument) => ts.isIdentifier(argument) && parameters.has(argument.text));
  return forwardsOnlyParameters ? expression : undefined;
}
