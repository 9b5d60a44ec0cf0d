import type { CallExpression, ClassLikeDeclaration, Expression, FunctionLikeDeclaration, NewExpression, Node, Symbol as TsSymbol } from 'typescript';
import { isProjectSource, type AnalysisContext } from '../AnalysisContext.js';
import { symbolAt, targetDeclaration } from '../symbols.js';
import { skipOuterExpressions, staticNameText } from '../syntax.js';
import { adaptedBatchFunction } from '../wrapped/batchAdapters.js';
import type { BatchParameterRole } from './BatchParameterRole.js';
import { dataLoaderConstructionAt, extendedClass } from './dataLoaderConstruction.js';
import { walkDescendants } from '../walkDescendants.js';


/** A function whose parameter becomes (or feeds) a DataLoader's batch function, and the name it is called by. */
export interface LoaderFactory {
  readonly fn: FunctionLikeDeclaration;
  /** `makeByIdLoader`; `new NullableDataLoader` for a constructor. */
  readonly name: string;
}

interface FactoryMemo {
  readonly calleeFunctions: Map<TsSymbol, FunctionLikeDeclaration | null>;
  readonly roles: Map<FunctionLikeDeclaration, readonly (BatchParameterRole | undefined)[]>;
}

const memos = new WeakMap<AnalysisContext['memo'], FactoryMemo>();
const MAX_DEPTH = 16;

function memoOf(context: AnalysisContext): FactoryMemo {
  let memo = memos.get(context.memo);
  if (memo === undefined) {
    memo = { calleeFunctions: new Map(), roles: new Map() };
    memos.set(context.memo, memo);
  }
  return memo;
}

/**
 * The project function a call binds its arguments to: the function, method or function-valued constant it
 * calls; for `new C(…)` and `super(…)`, the nearest constructor up the class chain. `undefined` for
 * DataLoader itself, for anything outside the project and for what cannot be resolved.
 */
export function calledFunction(context: AnalysisContext, call: CallExpression | NewExpression): FunctionLikeDeclaration | undefined {
  const { ts } = context;
  if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword) {
    const base = extendedClass(context, ts.findAncestor(call, ts.isClassLike));
    const declaration = base === undefined ? undefined : declarationOf(context, base);
    return declaration !== undefined && ts.isClassLike(declaration) ? constructorOf(context, declaration, 0) : undefined;
  }
  const callee = skipOuterExpressions(ts, call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  const symbol = symbolAt(context, callee);
  if (symbol === undefined) return undefined;
  const memo = memoOf(context);
  const known = memo.calleeFunctions.get(symbol);
  if (known !== undefined) return known ?? undefined;
  const declaration = targetDeclaration(context, symbol);
  let fn: FunctionLikeDeclaration | undefined;
  if (declaration !== undefined && isProjectSource(context, declaration.getSourceFile())) {
    if (ts.isClassLike(declaration)) fn = ts.isNewExpression(call) ? constructorOf(context, declaration, 0) : undefined;
    else fn = functionOf(context, declaration);
  }
  memo.calleeFunctions.set(symbol, fn ?? null);
  return fn;
}

/** The function a declaration holds: itself for a function or method with a body, else its initializer's arrow or function expression. */
function functionOf(context: AnalysisContext, declaration: Node): FunctionLikeDeclaration | undefined {
  const { ts } = context;
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body !== undefined) return declaration;
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer !== undefined) {
    const initializer = skipOuterExpressions(ts, declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** A class's own constructor, else the nearest one up its project class chain. */
function constructorOf(context: AnalysisContext, declaration: ClassLikeDeclaration, depth: number): FunctionLikeDeclaration | undefined {
  const { ts } = context;
  if (depth > MAX_DEPTH || !isProjectSource(context, declaration.getSourceFile())) return undefined;
  const own = declaration.members.find((member) => ts.isConstructorDeclaration(member) && member.body !== undefined);
  if (own !== undefined) return own as FunctionLikeDeclaration;
  const base = extendedClass(context, declaration);
  const baseDeclaration = base === undefined ? undefined : declarationOf(context, base);
  return baseDeclaration !== undefined && ts.isClassLike(baseDeclaration) ? constructorOf(context, baseDeclaration, depth + 1) : undefined;
}

function declarationOf(context: AnalysisContext, expression: Expression): Node | undefined {
  const symbol = symbolAt(context, expression);
  return symbol === undefined ? undefined : targetDeclaration(context, symbol);
}

/**
 * The role of parameter `index` of `fn` in making a DataLoader, if it has one (then `fn` is a loader
 * factory and each caller's argument there is a loader): followed through any number of factory layers,
 * subclass constructors and files.
 */
export function batchParameterRole(context: AnalysisContext, fn: FunctionLikeDeclaration, index: number): BatchParameterRole | undefined {
  return parameterRoles(context, fn, 0)[index];
}

function parameterRoles(context: AnalysisContext, fn: FunctionLikeDeclaration, depth: number): readonly (BatchParameterRole | undefined)[] {
  const { ts, checker } = context;
  const memo = memoOf(context);
  const known = memo.roles.get(fn);
  if (known !== undefined) return known;
  const roles: (BatchParameterRole | undefined)[] = fn.parameters.map(() => undefined);
  // Recursion through mutually calling factories ends here with no role.
  memo.roles.set(fn, roles);
  if (depth > MAX_DEPTH || fn.body === undefined) return roles;
  const byName = new Map<string, { symbol: TsSymbol; index: number }>();
  fn.parameters.forEach((parameter, index) => {
    if (!ts.isIdentifier(parameter.name)) return;
    const symbol = checker.getSymbolAtLocation(parameter.name);
    if (symbol !== undefined) byName.set(parameter.name.text, { symbol, index });
  });
  if (byName.size === 0) return roles;
  const visit = (node: Node): void => {
    if (ts.isIdentifier(node)) {
      const parameter = byName.get(node.text);
      if (parameter !== undefined && roles[parameter.index] !== 'batch' && checker.getSymbolAtLocation(node) === parameter.symbol) {
        const role = referenceRole(context, node, fn, depth);
        if (role !== undefined) roles[parameter.index] = role;
      }
      return;
    }
  };
  walkDescendants(ts, fn.body, visit);
  return roles;
}

/** What one reference to a parameter of `fn` does with it: hands it to DataLoader, or calls it from a batch function. */
function referenceRole(context: AnalysisContext, reference: Expression, fn: FunctionLikeDeclaration, depth: number): BatchParameterRole | undefined {
  const { ts } = context;
  if (isBatchPosition(context, reference, depth) === 'batch') return 'batch';
  const outer = outermost(context, reference);
  const call = outer.parent;
  if (!ts.isCallExpression(call) || call.expression !== outer || !answersPromise(context, call)) return undefined;
  for (let current: Node = call.parent; current !== fn && !ts.isSourceFile(current); current = current.parent) {
    if ((ts.isArrowFunction(current) || ts.isFunctionExpression(current)) && isBatchPosition(context, current, depth) !== undefined) return 'called';
  }
  return undefined;
}

/**
 * Whether `expression` is handed to DataLoader as (or, for `called`, to a factory as) a batch function: the
 * batch argument of a construction, through this package's adapters, or an argument a factory treats so.
 */
export function isBatchPosition(context: AnalysisContext, expression: Expression, depth = 0): BatchParameterRole | undefined {
  const { ts } = context;
  let outer = outermost(context, expression);
  let parent = outer.parent;
  while (ts.isCallExpression(parent) && adaptedBatchFunction(context, parent) === outer) {
    outer = outermost(context, parent);
    parent = outer.parent;
  }
  if (!ts.isCallExpression(parent) && !ts.isNewExpression(parent)) return undefined;
  const index = parent.arguments?.indexOf(outer as Expression) ?? -1;
  if (index < 0) return undefined;
  if (index === 0 && dataLoaderConstructionAt(context, parent) !== undefined) return 'batch';
  const callee = calledFunction(context, parent);
  return callee === undefined ? undefined : parameterRoles(context, callee, depth + 1)[index];
}

/** `expression` with the parentheses, `as`, `satisfies` and `!` around it. */
function outermost(context: AnalysisContext, expression: Expression): Expression {
  const { ts } = context;
  let outer: Node = expression;
  while (
    ts.isParenthesizedExpression(outer.parent) ||
    ts.isAsExpression(outer.parent) ||
    ts.isSatisfiesExpression(outer.parent) ||
    ts.isNonNullExpression(outer.parent) ||
    ts.isTypeAssertionExpression(outer.parent)
  ) {
    outer = outer.parent;
  }
  return outer as Expression;
}

/** Whether a call answers a promise (by its type, or, untyped, by being awaited): a fetch, not a helper. */
function answersPromise(context: AnalysisContext, call: CallExpression): boolean {
  const { ts, checker } = context;
  if (ts.isAwaitExpression(outermost(context, call).parent)) return true;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(call));
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0 && type.getProperty('then') !== undefined;
}

/**
 * The loader factory a call goes to, and which of its arguments are loaders (with their role), if any.
 * `undefined` for calls of anything else, DataLoader's own constructor included.
 */
export function loaderFactoryCall(
  context: AnalysisContext,
  call: CallExpression | NewExpression,
): { readonly factory: LoaderFactory; readonly loaders: readonly { readonly argument: Expression; readonly role: BatchParameterRole }[] } | undefined {
  const args = call.arguments;
  if (args === undefined || args.length === 0) return undefined;
  const fn = calledFunction(context, call);
  if (fn === undefined) return undefined;
  const roles = parameterRoles(context, fn, 0);
  const loaders = args.flatMap((argument, index) => {
    const role = roles[index];
    return role === undefined || context.ts.isSpreadElement(argument) ? [] : [{ argument, role }];
  });
  return loaders.length === 0 ? undefined : { factory: { fn, name: factoryName(context, fn) }, loaders };
}

/** How a factory is called in messages: its name, `new Class` for a constructor, `this function` when it has none. */
export function factoryName(context: AnalysisContext, fn: FunctionLikeDeclaration): string {
  const { ts } = context;
  if (ts.isConstructorDeclaration(fn)) return `new ${fn.parent.name?.text ?? 'class'}`;
  const own = ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn) ? staticNameText(ts, fn.name) : undefined;
  if (own !== undefined) return own;
  const holder = outermost(context, fn as Expression).parent;
  if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
    return staticNameText(ts, holder.name) ?? 'this function';
  }
  return 'this function';
}

/**
 * The loader factories whose `called` parameter an inline batch function calls (`async ids => normalize(ids,
 * await batchFn(ids))` inside `primaryKeyLoaderMaker(batchFn)`): the loaders are the factory's callers'
 * arguments, not this function.
 */
export function calledFactoryParameters(context: AnalysisContext, fn: FunctionLikeDeclaration): readonly FunctionLikeDeclaration[] {
  const { ts } = context;
  const factories: FunctionLikeDeclaration[] = [];
  const visit = (node: Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const declaration = declarationOf(context, node.expression);
      if (declaration !== undefined && ts.isParameter(declaration) && ts.isFunctionLike(declaration.parent)) {
        const owner = declaration.parent as FunctionLikeDeclaration;
        const index = owner.parameters.indexOf(declaration);
        if (owner !== fn && !factories.includes(owner) && fn.pos >= owner.pos && fn.end <= owner.end && batchParameterRole(context, owner, index) === 'called') {
          factories.push(owner);
        }
      }
    }
  };
  if (fn.body !== undefined) walkDescendants(ts, fn.body, visit);
  return factories;
}
