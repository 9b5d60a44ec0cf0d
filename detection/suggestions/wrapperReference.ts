import type { ImportClause, Node, SourceFile, VariableStatement } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { FIELD_DEPENDENCY_EXPORT, FIELD_DEPENDENCY_MODULE } from '../wrapped/fieldDependencyReferences.js';
import type { TextEdit } from '../types/Finding.js';
import { requiredModule, staticNameText, stringLiteralText } from '../syntax.js';

/** The local name under which the alias is imported when `fieldDependency` is taken by something else. */
const FALLBACK_LOCAL_NAME = 'packageFieldDependency';

/** How a file can name this package's `fieldDependency`, and the import to add if it cannot yet. */
export interface WrapperReference {
  readonly expression: string;
  readonly importEdits: readonly TextEdit[];
}

/**
 * How code in `file` names this package's `fieldDependency`: an existing import or `require` (any alias, or a
 * namespace), else `fieldDependency` merged into an existing value import from the package, else a new
 * `import { fieldDependency } from 'field-dependency'` after the last import; aliased when the file already
 * declares something called `fieldDependency`.
 */
export function wrapperReference(context: AnalysisContext, file: SourceFile): WrapperReference {
  const { ts } = context;
  let lastImport: Node | undefined;
  let mergeInto: ImportClause | undefined;
  let nameTaken = false;
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      lastImport = statement;
      const clause = statement.importClause;
      if (stringLiteralText(ts, statement.moduleSpecifier) === FIELD_DEPENDENCY_MODULE && clause !== undefined && !clause.isTypeOnly) {
        const existing = importedReference(context, clause);
        if (existing !== undefined) return { expression: existing, importEdits: [] };
        const bindings = clause.namedBindings;
        if (mergeInto === undefined && (bindings === undefined || ts.isNamedImports(bindings))) mergeInto = clause;
      }
    } else if (ts.isVariableStatement(statement)) {
      const required = requiredReference(context, statement);
      if (required !== undefined) return { expression: required, importEdits: [] };
    }
    if (declaresName(context, statement, FIELD_DEPENDENCY_EXPORT)) nameTaken = true;
  }
  const local = nameTaken ? FALLBACK_LOCAL_NAME : FIELD_DEPENDENCY_EXPORT;
  const specifier = nameTaken ? `${FIELD_DEPENDENCY_EXPORT} as ${FALLBACK_LOCAL_NAME}` : FIELD_DEPENDENCY_EXPORT;
  const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
  if (mergeInto !== undefined) return { expression: local, importEdits: [mergeEdit(context, file, mergeInto, specifier, newline)] };
  // The file's own style: its imports' quotes, and the semicolons of its statements that end with one or none.
  const quote = lastImport !== undefined && ts.isImportDeclaration(lastImport) && file.text[lastImport.moduleSpecifier.getStart(file)] === '"' ? '"' : "'";
  const styled = lastImport ?? file.statements.find((statement) => ts.isVariableStatement(statement) || ts.isExpressionStatement(statement) || ts.isTypeAliasDeclaration(statement) || ts.isExportDeclaration(statement));
  const semicolon = styled === undefined || file.text.slice(styled.getStart(file), styled.end).trimEnd().endsWith(';') ? ';' : '';
  const declaration = `import { ${specifier} } from ${quote}${FIELD_DEPENDENCY_MODULE}${quote}${semicolon}`;
  if (lastImport === undefined) {
    const start = firstStatementStart(file);
    return { expression: local, importEdits: [{ start, end: start, text: `${declaration}${newline}` }] };
  }
  const at = endOfLineAfter(file.text, lastImport.end);
  return { expression: local, importEdits: [{ start: at, end: at, text: `${newline}${declaration}` }] };
}

/**
 * Where a line added after the node ending at `end` goes: past a comment that ends the node's line (so
 * `import a from 'a'; // why` keeps its comment), else at `end`.
 */
function endOfLineAfter(text: string, end: number): number {
  const lineEnd = text.slice(end).search(/\r?\n|$/);
  const rest = text.slice(end, end + lineEnd);
  return /^\s*(\/\/.*|\/\*.*?\*\/\s*)$/.test(rest) ? end + lineEnd : end;
}

/** How an import clause of this package names `fieldDependency`, if it does: `fd`, or `ns.fieldDependency`. */
function importedReference(context: AnalysisContext, clause: ImportClause): string | undefined {
  const { ts } = context;
  const bindings = clause.namedBindings;
  if (bindings === undefined) return undefined;
  if (ts.isNamespaceImport(bindings)) return `${bindings.name.text}.${FIELD_DEPENDENCY_EXPORT}`;
  const specifier = bindings.elements.find(
    (element) => !element.isTypeOnly && (element.propertyName ?? element.name).text === FIELD_DEPENDENCY_EXPORT,
  );
  return specifier?.name.text;
}

/** How a `const … = require('field-dependency')` statement names `fieldDependency`, if it does. */
function requiredReference(context: AnalysisContext, statement: VariableStatement): string | undefined {
  const { ts } = context;
  for (const declaration of statement.declarationList.declarations) {
    if (declaration.initializer === undefined || requiredModule(ts, declaration.initializer) !== FIELD_DEPENDENCY_MODULE) continue;
    if (ts.isIdentifier(declaration.name)) return `${declaration.name.text}.${FIELD_DEPENDENCY_EXPORT}`;
    if (ts.isObjectBindingPattern(declaration.name)) {
      const element = declaration.name.elements.find(
        (binding) => !binding.dotDotDotToken && staticNameText(ts, binding.propertyName ?? binding.name) === FIELD_DEPENDENCY_EXPORT,
      );
      if (element !== undefined && ts.isIdentifier(element.name)) return element.name.text;
    }
  }
  return undefined;
}

/**
 * Adds `specifier` to an import of this package: `import { a } …` → `import { a, fieldDependency } …`,
 * `import d …` → `import d, { fieldDependency } …`. An import written one name per line gets a line of its
 * own, indented like the others, with a trailing comma where the import has one.
 */
function mergeEdit(context: AnalysisContext, file: SourceFile, clause: ImportClause, specifier: string, newline: string): TextEdit {
  const { ts } = context;
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamedImports(bindings)) {
    const last = bindings.elements[bindings.elements.length - 1];
    if (last === undefined) {
      const brace = bindings.getStart(file) + 1;
      return { start: brace, end: brace, text: ` ${specifier} ` };
    }
    const lastLine = file.getLineAndCharacterOfPosition(last.getStart(file));
    if (lastLine.line === file.getLineAndCharacterOfPosition(bindings.getStart(file)).line) return { start: last.end, end: last.end, text: `, ${specifier}` };
    const indent = /^[ \t]*/.exec(file.text.slice(file.getPositionOfLineAndCharacter(lastLine.line, 0)))?.[0] ?? '';
    const trailingComma = file.text.slice(last.end, bindings.end).match(/^\s*,/);
    if (trailingComma !== null) {
      const afterComma = last.end + trailingComma[0].length;
      return { start: afterComma, end: afterComma, text: `${newline}${indent}${specifier},` };
    }
    return { start: last.end, end: last.end, text: `,${newline}${indent}${specifier}` };
  }
  const end = clause.name?.end ?? clause.getStart(file);
  return { start: end, end, text: `, { ${specifier} }` };
}

function firstStatementStart(file: SourceFile): number {
  const first = file.statements[0];
  return first === undefined ? 0 : first.getStart(file);
}

function declaresName(context: AnalysisContext, statement: Node, name: string): boolean {
  const { ts } = context;
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.name?.text === name) return true;
    const bindings = clause?.namedBindings;
    if (bindings === undefined) return false;
    return ts.isNamespaceImport(bindings) ? bindings.name.text === name : bindings.elements.some((element) => element.name.text === name);
  }
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name?.text === name;
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.some((declaration) =>
      ts.isIdentifier(declaration.name)
        ? declaration.name.text === name
        : declaration.name.elements.some((element) => !ts.isOmittedExpression(element) && ts.isIdentifier(element.name) && element.name.text === name),
    );
  }
  return false;
}
