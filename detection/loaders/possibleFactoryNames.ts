import type { Expression, Node } from 'typescript';
import { isProjectSource, type AnalysisContext } from '../AnalysisContext.js';
import { walkDescendants } from '../walkDescendants.js';

const memos = new WeakMap<AnalysisContext['memo'], ReadonlySet<string>>();

/**
 * The names a loader factory of the project can be called by: a superset found from the syntax alone, so
 * that only calls of these names are resolved by the checker (resolving every call's callee would type the
 * receivers of every method chain in the project). A function is a candidate when a parameter of it is handed
 * to a `new` or `super(…)` call, or called inside a function handed to one, or handed to (or called inside an
 * argument of) a call of another candidate; a class is one when its constructor is; so are the names a
 * candidate is imported or copied under. Computed once per program.
 */
export function possibleFactoryNames(context: AnalysisContext): ReadonlySet<string> {
  const known = memos.get(context.memo);
  if (known !== undefined) return known;
  const { ts, program } = context;
  /** Per function-like with parameters: its names, whether it hands a parameter on to `new`/`super`, the names it calls with one. */
  const functions: { names: string[]; constructs: boolean; calls: Set<string> }[] = [];
  const nameOf = (expression: Expression): string | undefined => {
    let node = expression;
    while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    return undefined;
  };
  const baseName = (superCall: Node): string | undefined => {
    const owner = ts.findAncestor(superCall, ts.isClassLike);
    const clause = owner?.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
    const base = clause?.types[0]?.expression;
    return base === undefined ? undefined : nameOf(base);
  };
  const dataLoaderClasses = dataLoaderClassNames(context, nameOf);
  const namesOf = (fn: Node): string[] => {
    if (ts.isConstructorDeclaration(fn)) return fn.parent.name === undefined ? [] : [fn.parent.name.text];
    if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name !== undefined && !ts.isComputedPropertyName(fn.name)) {
      const own = fn.name.text;
      return ts.isFunctionExpression(fn) ? [own, ...holderNames(fn)] : [own];
    }
    return holderNames(fn);
  };
  const holderNames = (fn: Node): string[] => {
    let holder = fn.parent;
    while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
    if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)) return [holder.name.text];
    return [];
  };
  const analyse = (fn: Node & { parameters: readonly { name: Node }[]; body?: Node | undefined }): void => {
    const parameters = new Set(fn.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
    const entry = { names: namesOf(fn), constructs: false, calls: new Set<string>() };
    if (parameters.size === 0 || entry.names.length === 0 || fn.body === undefined) return;
    const isParameter = (node: Node): boolean => ts.isIdentifier(node) && parameters.has(node.text);
    /** A parameter handed to a construction (`new`, `super`) or a named call, or called inside an argument of one. */
    const handedTo = (from: Node, walkUp: boolean): void => {
      for (let node = from; node !== fn.body && node.parent !== undefined; node = node.parent) {
        const call = node.parent;
        const isArgument = (ts.isNewExpression(call) || ts.isCallExpression(call)) && (call.arguments ?? []).some((argument) => argument === node);
        if (isArgument) {
          const isSuper = ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword;
          const callee = isSuper ? baseName(call) : nameOf(call.expression);
          // `new DataLoader(p)`, `super(p)` in a subclass of it: a factory; anything else is one if its callee is.
          if (callee !== undefined && (ts.isNewExpression(call) || isSuper) && dataLoaderClasses.has(callee)) entry.constructs = true;
          else if (callee !== undefined) entry.calls.add(callee);
        }
        if (!walkUp && !ts.isParenthesizedExpression(call) && !ts.isAsExpression(call)) return;
      }
    };
    const visit = (node: Node): void => {
      if (isParameter(node)) {
        const called = ts.isCallExpression(node.parent) && node.parent.expression === node;
        handedTo(called ? node.parent : node, called);
      }
    };
    walkDescendants(ts, fn.body, visit);
    if (entry.constructs || entry.calls.size > 0) functions.push(entry);
  };
  for (const file of program.getSourceFiles()) {
    if (!isProjectSource(context, file)) continue;
    const walk = (node: Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node) analyse(node as unknown as Parameters<typeof analyse>[0]);
    };
    walkDescendants(ts, file, walk);
  }
  const names = new Set<string>(dataLoaderClasses);
  for (const entry of functions) if (entry.constructs) for (const name of entry.names) names.add(name);
  for (let grown = true; grown; ) {
    grown = false;
    for (const entry of functions) {
      if (entry.names.every((name) => names.has(name)) || ![...entry.calls].some((callee) => names.has(callee))) continue;
      for (const name of entry.names) names.add(name);
      grown = true;
    }
  }
  // The names it is imported or copied under: `import { makeByIdLoader as byId }`, `const byId = makeByIdLoader`,
  // and any default import from a project module (its local name is free).
  for (const file of program.getSourceFiles()) {
    if (!isProjectSource(context, file)) continue;
    const walk = (node: Node): void => {
      if (ts.isImportSpecifier(node) && names.has((node.propertyName ?? node.name).text)) names.add(node.name.text);
      else if (ts.isImportClause(node) && node.name !== undefined && ts.isStringLiteral(node.parent.moduleSpecifier) && node.parent.moduleSpecifier.text.startsWith('.')) {
        names.add(node.name.text);
      } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
        const copied = nameOf(node.initializer);
        if (copied !== undefined && names.has(copied)) names.add(node.name.text);
      }
    };
    walkDescendants(ts, file, walk);
  }
  memos.set(context.memo, names);
  return names;
}

/**
 * The names DataLoader goes by in the project, from the syntax: what `dataloader` is imported or required as
 * (`default` too, for `new dataloader.default(…)`), and the classes that extend one of those, transitively.
 */
function dataLoaderClassNames(context: AnalysisContext, nameOf: (expression: Expression) => string | undefined): ReadonlySet<string> {
  const { ts, program } = context;
  const names = new Set<string>(['default']);
  const extensions: { name: string; base: string }[] = [];
  for (const file of program.getSourceFiles()) {
    if (!isProjectSource(context, file) || !file.text.includes('dataloader') && !file.text.includes('extends')) continue;
    const walk = (node: Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'dataloader') {
        const clause = node.importClause;
        if (clause?.name !== undefined) names.add(clause.name.text);
        const bindings = clause?.namedBindings;
        if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        if (bindings !== undefined && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
      } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression) && node.moduleReference.expression.text === 'dataloader') {
        names.add(node.name.text);
      } else if (ts.isVariableDeclaration(node) && node.initializer !== undefined && /\brequire\(\s*['"]dataloader['"]\s*\)/.test(node.initializer.getText(file))) {
        if (ts.isIdentifier(node.name)) names.add(node.name.text);
        else if (ts.isObjectBindingPattern(node.name)) for (const element of node.name.elements) if (ts.isIdentifier(element.name)) names.add(element.name.text);
      } else if (ts.isClassLike(node)) {
        const base = node.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const baseName = base === undefined ? undefined : nameOf(base);
        let holder: Node = node.parent;
        while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder)) holder = holder.parent;
        const name = node.name?.text ?? (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined);
        if (baseName !== undefined && name !== undefined) extensions.push({ name, base: baseName });
      }
    };
    walkDescendants(ts, file, walk);
  }
  for (let grown = true; grown; ) {
    grown = false;
    for (const { name, base } of extensions) {
      if (names.has(base) && !names.has(name)) {
        names.add(name);
        grown = true;
      }
    }
  }
  return names;
}
