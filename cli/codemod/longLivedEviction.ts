import type { Expression, Node, SourceFile } from 'typescript';
import { skipOuterExpressions, staticNameText, walkDescendants, type TextEdit, type TypeScriptApi, type WalkStep } from '../../detection/index.js';

/** What the codemod writes around a batch argument that must clear degraded keys itself. */
export const EVICT_EXPORT = 'evictDegradedKeys';

/**
 * Whether a batch argument needs `evictDegradedKeys(…)` once its loader is wrapped at its declaration: it
 * reaches the wrapped loader indirectly (a forwarding arrow `keys => this.batchX(keys)`, a `.bind(this)`), so
 * the wrapper cannot see the DataLoader to clear degraded keys from its cache; and that DataLoader is
 * long-lived, so a degraded value would stay cached after the upstream recovers: it has a `cacheMap`, it is
 * made at module level (or in a static field), or it is a field of a class instantiated at module level (a
 * singleton service).
 */
export function needsEviction(ts: TypeScriptApi, argument: Expression): boolean {
  const inner = skipOuterExpressions(ts, argument);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner) && !ts.isCallExpression(inner)) return false;
  const construction = ts.findAncestor(argument.parent, (node) => ts.isNewExpression(node) || ts.isCallExpression(node) || ts.isSourceFile(node));
  if (construction === undefined || ts.isSourceFile(construction) || (!ts.isNewExpression(construction) && !ts.isCallExpression(construction))) return false;
  const options = construction.arguments?.[1];
  const optionsLiteral = options === undefined ? undefined : skipOuterExpressions(ts, options);
  if (optionsLiteral !== undefined && ts.isObjectLiteralExpression(optionsLiteral)) {
    if (optionsLiteral.properties.some((property) => staticNameText(ts, property.name) === 'cacheMap')) return true;
  }
  const enclosingFunction = ts.findAncestor(construction.parent, (node) => ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node) || ts.isPropertyDeclaration(node));
  if (enclosingFunction === undefined) return true;
  if (!ts.isPropertyDeclaration(enclosingFunction)) return false;
  const isStatic = (ts.getModifiers(enclosingFunction) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
  return isStatic || instantiatedAtModuleLevel(ts, enclosingFunction.parent);
}

/** Whether `new C(…)` of this class appears outside any function in its own file. */
function instantiatedAtModuleLevel(ts: TypeScriptApi, owner: Node): boolean {
  if (!ts.isClassDeclaration(owner) || owner.name === undefined) return false;
  const name = owner.name.text;
  let found = false;
  const visit = (node: Node): WalkStep => {
    if (ts.isFunctionLike(node)) return 'skip';
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = true;
    return found ? 'stop' : undefined;
  };
  for (const statement of owner.getSourceFile().statements) if (!found && statement !== owner) walkDescendants(ts, statement, visit);
  return found;
}

/** The edits that turn `argument` into `evictDegradedKeys(argument)`. */
export function evictionEdits(file: SourceFile, argument: Expression, evict: string): readonly TextEdit[] {
  const start = argument.getStart(file);
  return [
    { start, end: start, text: `${evict}(` },
    { start: argument.end, end: argument.end, text: ')' },
  ];
}

/** How `file` names `evictDegradedKeys`: its existing import from the package, or a new import line to add. */
export function evictReference(ts: TypeScriptApi, file: SourceFile): { readonly expression: string; readonly importEdits: readonly TextEdit[] } {
  let lastImport: Node | undefined;
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImport = statement;
    const bindings = statement.importClause?.namedBindings;
    const fromPackage = ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'field-dependency';
    if (!fromPackage || bindings === undefined || statement.importClause?.isTypeOnly === true) continue;
    if (ts.isNamespaceImport(bindings)) return { expression: `${bindings.name.text}.${EVICT_EXPORT}`, importEdits: [] };
    const element = bindings.elements.find((candidate) => !candidate.isTypeOnly && (candidate.propertyName ?? candidate.name).text === EVICT_EXPORT);
    if (element !== undefined) return { expression: element.name.text, importEdits: [] };
  }
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  const declaration = `import { ${EVICT_EXPORT} } from 'field-dependency';`;
  const at = lastImport?.end ?? 0;
  return { expression: EVICT_EXPORT, importEdits: [{ start: at, end: at, text: lastImport === undefined ? `${declaration}${newline}` : `${newline}${declaration}` }] };
}
