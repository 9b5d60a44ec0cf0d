import type { ClassLikeDeclaration, Expression, FunctionLikeDeclaration, Node, ObjectLiteralExpression, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { isDecoratedWithFieldDependency, isWrapCall } from '../wrapped/fieldDependencyReferences.js';
import type { LoaderDeclaration } from '../types/LoaderDeclaration.js';
import { skipOuterExpressions, staticNameText } from '../syntax.js';

/** A function that has a name where it is declared: what configured detection looks at. */
export interface NamedFunction extends LoaderDeclaration {
  readonly nameNode: Node;
  readonly name: string;
  /** Decorated with, or initialised by, this package's `fieldDependency`. */
  readonly wrapped: boolean;
  /** The class or object literal it is a member of. */
  readonly container: ClassLikeDeclaration | ObjectLiteralExpression | undefined;
  /** `private`, `#private`. */
  readonly isPrivate: boolean;
}

/**
 * The named function declared at `node`: a function declaration, a method (class or object literal, not a
 * constructor or accessor), or a variable, class field or object property whose initializer is a function
 * or a `fieldDependency(…)(…)` wrapper.
 */
export function namedFunctionAt(context: AnalysisContext, node: Node): NamedFunction | undefined {
  const { ts } = context;
  if (ts.isFunctionDeclaration(node) && node.body !== undefined && node.name !== undefined) {
    return build(context, node, node.name, node, false, undefined);
  }
  if (ts.isMethodDeclaration(node) && node.body !== undefined) {
    const container = ts.isClassLike(node.parent) || ts.isObjectLiteralExpression(node.parent) ? node.parent : undefined;
    return build(context, node, node.name, node, isDecoratedWithFieldDependency(context, node), container);
  }
  if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) {
    if (node.initializer === undefined) return undefined;
    const initializer = skipOuterExpressions(ts, node.initializer);
    const container = ts.isVariableDeclaration(node) ? undefined : (node.parent as ClassLikeDeclaration | ObjectLiteralExpression);
    if (isWrapCall(context, initializer)) return build(context, node, node.name, undefined, true, container);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) {
      return build(context, node, node.name, initializer, false, container);
    }
  }
  return undefined;
}

function build(
  context: AnalysisContext,
  node: Node,
  nameNode: Node,
  functionNode: FunctionLikeDeclaration | undefined,
  wrapped: boolean,
  container: ClassLikeDeclaration | ObjectLiteralExpression | undefined,
): NamedFunction | undefined {
  const { ts } = context;
  const name = staticNameText(ts, nameNode);
  if (name === undefined) return undefined;
  const isPrivate =
    ts.isPrivateIdentifier(nameNode) ||
    (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword));
  return { node, nameNode, name, functionNode, wrapped, container, isPrivate };
}

/**
 * Whether a named function is part of its module's public surface: a top-level exported function or
 * constant, or a non-private member of an exported top-level class or object constant.
 */
export function isExported(context: AnalysisContext, named: NamedFunction, file: SourceFile): boolean {
  const exported = exportedDeclarations(context, file);
  if (named.container === undefined) return exported.has(named.node);
  if (named.isPrivate) return false;
  const holder = context.ts.isObjectLiteralExpression(named.container) ? objectConstant(context, named.container) : named.container;
  return holder !== undefined && exported.has(holder);
}

function objectConstant(context: AnalysisContext, literal: ObjectLiteralExpression): Node | undefined {
  const { ts } = context;
  let node: Node = literal;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) {
    node = node.parent;
  }
  return ts.isVariableDeclaration(node.parent) && node.parent.initializer === (node as Expression) ? node.parent : undefined;
}

function exportedDeclarations(context: AnalysisContext, file: SourceFile): ReadonlySet<Node> {
  const { ts, checker, memo } = context;
  const cached = memo.exportedDeclarations.get(file);
  if (cached !== undefined) return cached;
  const declarations = new Set<Node>();
  const moduleSymbol = checker.getSymbolAtLocation(file);
  for (const exported of moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol)) {
    const symbol = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      if (declaration.getSourceFile() === file) declarations.add(declaration);
    }
  }
  memo.exportedDeclarations.set(file, declarations);
  return declarations;
}
