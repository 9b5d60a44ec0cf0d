import type { Declaration, Expression, Node, SourceFile, Symbol as TsSymbol } from 'typescript';
import type { AnalysisContext } from './AnalysisContext.js';
import { isBareSpecifier, requiredModule, skipOuterExpressions, staticNameText, stringLiteralText } from './syntax.js';

/** One export of a package, `*` standing for the whole module (a namespace import or `require`). */
interface ModuleExport {
  readonly module: string;
  readonly exportName: string;
}

const MAX_HOPS = 24;

/**
 * The package exports an expression refers to, followed through imports (default, named, renamed,
 * namespace), `require` (plain or destructured), `import x = require()`, constants that copy them, and
 * local re-export modules (`export { … } from`, `export * from`).
 *
 * The package itself is never opened: the answer comes from the module specifier, so it holds when
 * `node_modules` is missing and the checker cannot resolve the package.
 */
function moduleExportsOf(context: AnalysisContext, expression: Expression, hops = 0): readonly ModuleExport[] {
  const { ts, checker } = context;
  if (hops > MAX_HOPS) return [];
  const node = skipOuterExpressions(ts, expression);
  const required = requiredModule(ts, node);
  if (required !== undefined) return isBareSpecifier(required) ? [{ module: required, exportName: '*' }] : [];
  if (ts.isPropertyAccessExpression(node)) {
    const member = node.name.text;
    const viaNamespace = moduleExportsOf(context, node.expression, hops + 1)
      .filter((origin) => origin.exportName === '*')
      .map((origin) => ({ module: origin.module, exportName: member }));
    if (viaNamespace.length > 0) return viaNamespace;
    if (!ts.isIdentifier(node.expression)) return [];
    const symbol = checker.getSymbolAtLocation(node.name);
    return symbol === undefined ? [] : exportsOfSymbol(context, symbol, hops + 1);
  }
  if (ts.isIdentifier(node)) {
    const symbol = checker.getSymbolAtLocation(node);
    return symbol === undefined ? [] : exportsOfSymbol(context, symbol, hops + 1);
  }
  return [];
}

/** Whether an expression refers to `exportName` of package `module` (any export when `exportName` is omitted). */
export function refersToModuleExport(
  context: AnalysisContext,
  expression: Expression,
  module: string,
  exportName?: string,
): boolean {
  return moduleExportsOf(context, expression).some(
    (origin) => origin.module === module && (exportName === undefined || origin.exportName === exportName),
  );
}

function exportsOfSymbol(context: AnalysisContext, symbol: TsSymbol, hops: number): readonly ModuleExport[] {
  if (hops > MAX_HOPS) return [];
  return (symbol.declarations ?? []).flatMap((declaration) => exportsOfDeclaration(context, declaration, hops));
}

function exportsOfDeclaration(context: AnalysisContext, declaration: Declaration, hops: number): readonly ModuleExport[] {
  const { ts, checker } = context;
  const fromSpecifier = (specifier: Expression, exportName: string): readonly ModuleExport[] => {
    const module = stringLiteralText(ts, specifier);
    if (module === undefined) return [];
    return isBareSpecifier(module) ? [{ module, exportName }] : exportsOfLocalModule(context, specifier, exportName, hops + 1);
  };

  if (ts.isImportSpecifier(declaration)) {
    return fromSpecifier(declaration.parent.parent.parent.moduleSpecifier, (declaration.propertyName ?? declaration.name).text);
  }
  if (ts.isImportClause(declaration)) return fromSpecifier(declaration.parent.moduleSpecifier, 'default');
  if (ts.isNamespaceImport(declaration)) {
    const module = stringLiteralText(ts, declaration.parent.parent.moduleSpecifier);
    return module !== undefined && isBareSpecifier(module) ? [{ module, exportName: '*' }] : [];
  }
  if (ts.isImportEqualsDeclaration(declaration)) {
    if (!ts.isExternalModuleReference(declaration.moduleReference)) return [];
    const module = stringLiteralText(ts, declaration.moduleReference.expression);
    return module !== undefined && isBareSpecifier(module) ? [{ module, exportName: '*' }] : [];
  }
  if (ts.isExportSpecifier(declaration)) {
    const exportDeclaration = declaration.parent.parent;
    if (exportDeclaration.moduleSpecifier !== undefined) {
      return fromSpecifier(exportDeclaration.moduleSpecifier, (declaration.propertyName ?? declaration.name).text);
    }
    const local = checker.getExportSpecifierLocalTargetSymbol(declaration);
    return local === undefined ? [] : exportsOfSymbol(context, local, hops + 1);
  }
  if (ts.isNamespaceExport(declaration)) {
    const module = stringLiteralText(ts, declaration.parent.moduleSpecifier);
    return module !== undefined && isBareSpecifier(module) ? [{ module, exportName: '*' }] : [];
  }
  if (ts.isExportAssignment(declaration)) return moduleExportsOf(context, declaration.expression, hops + 1);
  if (ts.isBindingElement(declaration)) return exportsOfDestructuring(context, declaration, hops);
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer !== undefined
  ) {
    return moduleExportsOf(context, declaration.initializer, hops + 1);
  }
  if (ts.isShorthandPropertyAssignment(declaration)) {
    const value = checker.getShorthandAssignmentValueSymbol(declaration);
    return value === undefined ? [] : exportsOfSymbol(context, value, hops + 1);
  }
  return [];
}

/** `const { default: DataLoader } = require('dataloader')` and `const { fieldDependency: fd } = require(…)`. */
function exportsOfDestructuring(context: AnalysisContext, element: Node, hops: number): readonly ModuleExport[] {
  const { ts } = context;
  if (!ts.isBindingElement(element) || !ts.isObjectBindingPattern(element.parent)) return [];
  const holder = element.parent.parent;
  if (!ts.isVariableDeclaration(holder) || holder.initializer === undefined) return [];
  const key = staticNameText(ts, element.propertyName ?? element.name);
  if (key === undefined) return [];
  return moduleExportsOf(context, holder.initializer, hops + 1)
    .filter((origin) => origin.exportName === '*')
    .map((origin) => ({ module: origin.module, exportName: key }));
}

/** Follows `exportName` into a project module: its own export of that name, else its `export * from` lines. */
function exportsOfLocalModule(
  context: AnalysisContext,
  specifier: Expression,
  exportName: string,
  hops: number,
): readonly ModuleExport[] {
  const { ts, checker } = context;
  if (hops > MAX_HOPS) return [];
  const moduleSymbol = checker.getSymbolAtLocation(specifier);
  const file = moduleSymbol?.valueDeclaration;
  if (moduleSymbol === undefined || file === undefined || !ts.isSourceFile(file)) return [];
  return exportsOfModuleFile(context, moduleSymbol, file, exportName, hops);
}

function exportsOfModuleFile(
  context: AnalysisContext,
  moduleSymbol: TsSymbol,
  file: SourceFile,
  exportName: string,
  hops: number,
): readonly ModuleExport[] {
  const { ts, checker } = context;
  const own = checker
    .getExportsOfModule(moduleSymbol)
    .find((symbol) => symbol.name === exportName && (symbol.declarations ?? []).some((d) => d.getSourceFile() === file));
  if (own !== undefined) return exportsOfSymbol(context, own, hops + 1);
  if (exportName === 'default') return [];
  return file.statements.flatMap((statement): readonly ModuleExport[] => {
    if (!ts.isExportDeclaration(statement) || statement.exportClause !== undefined || statement.isTypeOnly) return [];
    const module = stringLiteralText(ts, statement.moduleSpecifier);
    if (module === undefined) return [];
    if (isBareSpecifier(module)) return [{ module, exportName }];
    return statement.moduleSpecifier === undefined ? [] : exportsOfLocalModule(context, statement.moduleSpecifier, exportName, hops + 1);
  });
}
