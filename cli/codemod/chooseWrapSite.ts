import type { FunctionDeclaration, MethodDeclaration, Node, SourceFile } from 'typescript';
import { skipOuterExpressions, walkDescendants, type TypeScriptApi, type WalkStep } from '../../detection/index.js';
import type { CodemodTarget } from './CodemodTarget.js';
import type { TypeContext } from './inferFallbackType.js';
import type { WrapSite } from './WrapSite.js';

/** What deciding a wrap site depends on besides the loader. */
export interface WrapSiteConstraints {
  /** The project compiles `experimentalDecorators`, which cannot decorate `#private` methods nor methods of class expressions. */
  readonly legacyDecorators: boolean;
  /** Whether the codemod may edit a file: one of the project's own files, and one that parses. */
  readonly isEditable: (file: SourceFile) => boolean;
}

/** A wrap site, or why there is none. */
export type WrapSiteChoice = { readonly site: WrapSite } | { readonly problem: string };

/**
 * Where to wrap a loader: at its declaration when that is possible (a decorator on a class method; in place
 * for an arrow or function expression; a function declaration or object-literal method rewritten as a
 * wrapped named function expression), so that every caller gets the wrapped loader; otherwise where
 * DataLoader receives it; otherwise nowhere, with the reason. A loader handed to a loader factory is wrapped
 * at the factory's call, one dependency per call site.
 */
export function chooseWrapSite(context: TypeContext, target: CodemodTarget, constraints: WrapSiteConstraints): WrapSiteChoice {
  const { ts } = context;
  const declaration = target.declaration;
  const fn = declaration?.functionNode;
  const sites = target.batchArguments.map((argument) => skipOuterExpressions(ts, argument));
  const sitesEditable = sites.length > 0 && sites.every((site) => constraints.isEditable(site.getSourceFile()));
  // A loader factory's call: each call site is one loader, however many share the function it is handed.
  if (target.factory !== undefined && sitesEditable) return { site: { kind: 'use-sites', arguments: sites } };
  if (target.unfollowedFactory !== undefined) {
    return {
      problem: `it is a parameter of the loader factory \`${target.unfollowedFactory}\`, whose loaders are made where they cannot be followed (check says where); wrapping it here would make all of them one dependency: wrap each loader where the factory is called`,
    };
  }
  let problem: string | undefined;
  if (declaration === undefined || fn === undefined) {
    problem = 'it cannot be traced to a function declared in the project';
  } else if (!constraints.isEditable(fn.getSourceFile())) {
    problem = `it is declared in ${fn.getSourceFile().fileName}, which is not one of the project's files or does not parse`;
  } else if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    return { site: { kind: 'expression', fn } };
  } else if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    problem = /\.[cm]?jsx?$/.test(fn.getSourceFile().fileName)
      ? 'decorators need a TypeScript file, and this method is in a JavaScript one'
      : constraints.legacyDecorators
        ? legacyDecoratorProblem(ts, fn)
        : undefined;
    if (problem === undefined) return { site: { kind: 'decorator', method: fn } };
  } else if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) {
    problem = usesSuper(ts, fn) ? 'it is an object-literal method that uses `super`, which a function expression cannot' : undefined;
    if (problem === undefined) return { site: { kind: 'object-method', method: fn } };
  } else if (ts.isFunctionDeclaration(fn)) {
    problem = functionDeclarationProblem(context, fn);
    if (problem === undefined) return { site: { kind: 'function-declaration', fn } };
  } else {
    problem = 'it is not a function the codemod knows how to wrap';
  }
  if (sitesEditable) return { site: { kind: 'use-sites', arguments: sites } };
  return { problem };
}

function legacyDecoratorProblem(ts: TypeScriptApi, method: MethodDeclaration): string | undefined {
  if (ts.isPrivateIdentifier(method.name)) return 'experimentalDecorators cannot decorate a #private method';
  if (ts.isClassExpression(method.parent)) return 'experimentalDecorators cannot decorate a method of a class expression';
  return undefined;
}

/**
 * Why a function declaration cannot become a `const`: a default export or overloads have no `const` form,
 * and a use before the declaration at module evaluation (outside any function body) would hit the
 * `const`'s temporal dead zone where the declaration was hoisted.
 */
function functionDeclarationProblem(context: TypeContext, fn: FunctionDeclaration): string | undefined {
  const { ts, checker } = context;
  if (fn.name === undefined || fn.body === undefined) return 'it is an anonymous function declaration';
  const modifiers = ts.getModifiers(fn) ?? [];
  if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) return 'it is a default export, which has no `const` form';
  const symbol = checker.getSymbolAtLocation(fn.name);
  if ((symbol?.getDeclarations() ?? []).length > 1) return 'it is overloaded, which a `const` cannot be';
  const name = fn.name.text;
  const declarationStart = fn.getStart();
  let usedEarly = false;
  const visit = (node: Node): WalkStep => {
    if (usedEarly) return 'stop';
    if (node.pos >= declarationStart) return 'skip';
    if (ts.isFunctionLike(node) || ts.isTypeNode(node) || ts.isExportSpecifier(node)) return 'skip';
    if (ts.isIdentifier(node) && node.text === name) {
      const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
      usedEarly = (shorthand ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node)) === symbol;
    }
    return undefined;
  };
  walkDescendants(ts, fn.parent, visit);
  return usedEarly ? 'it is used before its declaration at module evaluation, which a `const` would break' : undefined;
}

function usesSuper(ts: TypeScriptApi, method: MethodDeclaration): boolean {
  let found = false;
  const visit = (node: Node): WalkStep => {
    if (node.kind === ts.SyntaxKind.SuperKeyword) found = true;
    return found ? 'stop' : ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) ? 'skip' : undefined;
  };
  if (method.body !== undefined) walkDescendants(ts, method.body, visit);
  return found;
}
