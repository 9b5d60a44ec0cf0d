import path from 'node:path';
import type { FunctionLikeDeclaration, Identifier, Node, Symbol as TsSymbol } from 'typescript';
import { isProjectSource, type AnalysisContext } from '../AnalysisContext.js';
import { walkDescendants } from '../walkDescendants.js';

/** Where a loader factory's calls cannot be followed, so the loaders made there are not seen one by one. */
export interface UnfollowedFactoryUses {
  /** How many loaders at least are hidden: one per use that is not a call (passed on, stored, spread), at least one. */
  readonly hidden: number;
  /** Why, for the message: the first such use (`src/loaders.ts:12`), or that nothing in the project calls it. */
  readonly reason: string;
}

const memos = new WeakMap<AnalysisContext['memo'], Map<Node, UnfollowedFactoryUses | null>>();
const MAX_DEPTH = 8;

/**
 * Whether every use of a loader factory in the project is a call (or `new`, or a subclass that is itself
 * followed): then each call site reports its own loader and the factory's inner site is no finding.
 * `undefined` when all uses are followed; otherwise what is hidden and where.
 */
export function unfollowedFactoryUses(context: AnalysisContext, fn: FunctionLikeDeclaration): UnfollowedFactoryUses | undefined {
  return usesOf(context, context.ts.isConstructorDeclaration(fn) ? fn.parent : fn, valueNameOf(context, fn), 0);
}

/** The uses of what `nameNode` names (a factory, or the class whose constructor it is), memoised by `key`. */
function usesOf(context: AnalysisContext, key: Node, nameNode: Identifier | undefined, depth: number): UnfollowedFactoryUses | undefined {
  let memo = memos.get(context.memo);
  if (memo === undefined) {
    memo = new Map();
    memos.set(context.memo, memo);
  }
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  // A class chain that comes back to itself is followed no further.
  memo.set(key, null);
  const found = depth > MAX_DEPTH ? undefined : compute(context, nameNode, depth);
  memo.set(key, found ?? null);
  return found;
}

function compute(context: AnalysisContext, nameNode: Identifier | undefined, depth: number): UnfollowedFactoryUses | undefined {
  const { ts, checker, program } = context;
  const symbol = nameNode === undefined ? undefined : checker.getSymbolAtLocation(nameNode);
  if (nameNode === undefined || symbol === undefined) {
    return { hidden: 1, reason: 'it has no name to be called by, so its callers cannot be followed' };
  }
  const name = nameNode.text;
  const declaredIn = nameNode.getSourceFile().fileName;
  let calls = 0;
  let escapes = 0;
  let firstEscape: string | undefined;
  for (const file of program.getSourceFiles()) {
    if (!isProjectSource(context, file) || !file.text.includes(name)) continue;
    const visit = (node: Node): void => {
      if (ts.isIdentifier(node)) {
        if (node.text !== name || node === nameNode || resolved(context, node) !== symbol) return;
        const use = useOf(context, node, depth);
        if (use === 'call') calls += 1;
        else if (use !== 'ignored') {
          escapes += 1;
          if (firstEscape === undefined) {
            // Relative to the factory's own file, so that every front end (whatever its working directory) says the same.
            const relative = path.relative(path.dirname(declaredIn), file.fileName).split(path.sep).join('/');
            firstEscape = `${relative.startsWith('.') ? relative : `./${relative}`}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
          }
        }
        return;
      }
    };
    walkDescendants(ts, file, visit);
  }
  if (escapes > 0) return { hidden: escapes, reason: `it is also used where its calls cannot be followed (${firstEscape ?? ''}), so the loaders made there are not checked` };
  if (calls === 0) return { hidden: 1, reason: 'nothing in the project calls it, so the loaders its callers make are not checked here' };
  return undefined;
}

/** The identifier a factory is referred to by: its own name, its class's, or the variable or property holding it. */
function valueNameOf(context: AnalysisContext, fn: FunctionLikeDeclaration): Identifier | undefined {
  const { ts } = context;
  let named: Node | undefined;
  if (ts.isConstructorDeclaration(fn)) named = fn.parent.name;
  else if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) named = fn.name;
  else {
    let holder: Node = fn.parent;
    while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
    if (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) named = holder.name;
  }
  return named !== undefined && ts.isIdentifier(named) ? named : undefined;
}

function resolved(context: AnalysisContext, identifier: Identifier): TsSymbol | undefined {
  const { ts, checker } = context;
  const parent = identifier.parent;
  let symbol =
    ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
      ? checker.getShorthandAssignmentValueSymbol(parent)
      : checker.getSymbolAtLocation(identifier);
  for (let hops = 0; symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 && hops < 8; hops += 1) {
    symbol = checker.getAliasedSymbol(symbol);
  }
  return symbol;
}

/** What a reference does with the factory: calls it, only names it (types, imports, `X.prop`), or lets it escape. */
function useOf(context: AnalysisContext, identifier: Identifier, depth: number): 'call' | 'ignored' | 'escape' {
  const { ts } = context;
  const parent = identifier.parent;
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent)) {
    if (parent.parent.token === ts.SyntaxKind.ImplementsKeyword) return 'ignored';
    const subclass = parent.parent.parent;
    if (!ts.isClassLike(subclass)) return 'ignored';
    const ownConstructor = subclass.members.find((member) => ts.isConstructorDeclaration(member) && member.body !== undefined);
    // A subclass with its own constructor is a factory of its own (its super call is a followed call);
    // one that inherits the constructor is followed when its own uses are.
    if (ownConstructor !== undefined) return 'call';
    return usesOf(context, subclass, subclass.name, depth + 1) === undefined ? 'call' : 'escape';
  }
  if (
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isExportAssignment(parent) ||
    ts.isTypeQueryNode(parent) ||
    ts.isTypeReferenceNode(parent) ||
    ts.isQualifiedName(parent) ||
    ts.findAncestor(parent, (node) => (ts.isTypeNode(node) ? true : ts.isExpression(node) || ts.isStatement(node) ? 'quit' : false)) !== undefined
  ) {
    return 'ignored';
  }
  let outer: Node = ts.isPropertyAccessExpression(parent) && parent.name === identifier ? parent : identifier;
  while (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent) || ts.isNonNullExpression(outer.parent) || ts.isSatisfiesExpression(outer.parent)) {
    outer = outer.parent;
  }
  const holder = outer.parent;
  if ((ts.isCallExpression(holder) || ts.isNewExpression(holder)) && holder.expression === outer) return 'call';
  if (ts.isPropertyAccessExpression(holder) && holder.expression === outer) return 'ignored';
  if (ts.isTypeOfExpression(holder)) return 'ignored';
  if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) return 'ignored';
  return 'escape';
}
