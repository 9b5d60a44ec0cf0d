import type { Declaration, Expression, Node, Symbol as TsSymbol } from 'typescript';
import type { AnalysisContext } from './AnalysisContext.js';
import { skipOuterExpressions } from './syntax.js';

/** The symbol an identifier or property access names, as written (imports stay aliases). */
export function symbolAt(context: AnalysisContext, expression: Expression): TsSymbol | undefined {
  const { ts, checker } = context;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isIdentifier(node)) return checker.getSymbolAtLocation(node);
  if (ts.isPropertyAccessExpression(node)) return checker.getSymbolAtLocation(node.name);
  return undefined;
}

/**
 * The declaration a symbol finally stands for: imports resolved to what they import (across files),
 * object shorthands (`{ users }`) to the variable they copy. `undefined` when the target cannot be
 * resolved (an import from a module that is not installed).
 */
export function targetDeclaration(context: AnalysisContext, symbol: TsSymbol): Declaration | undefined {
  const { ts, checker } = context;
  let current = symbol;
  for (let hops = 0; hops < 8; hops += 1) {
    if ((current.flags & ts.SymbolFlags.Alias) !== 0) current = checker.getAliasedSymbol(current);
    const declaration = current.valueDeclaration ?? current.declarations?.[0];
    if (declaration === undefined || !ts.isShorthandPropertyAssignment(declaration)) return declaration;
    const value = checker.getShorthandAssignmentValueSymbol(declaration);
    if (value === undefined) return undefined;
    current = value;
  }
  return undefined;
}

/** The initializer of a variable, class field or object property declaration, if it has one. */
export function initializerOf(context: AnalysisContext, declaration: Node): Expression | undefined {
  const { ts } = context;
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    return declaration.initializer;
  }
  return undefined;
}
