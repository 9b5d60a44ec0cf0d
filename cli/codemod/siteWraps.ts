import type { Expression, FunctionDeclaration, MethodDeclaration, Node, SourceFile } from 'typescript';
import {
  decorateMethodEdits,
  holderName,
  runtimeFunctionName,
  staticNameText,
  wrapExpressionEdits,
  type AnalysisContext,
  type TextEdit,
  type WrapperReference,
} from '../../detection/index.js';
import type { CodemodTarget } from './CodemodTarget.js';
import type { WrapSite } from './WrapSite.js';

/** One place the wrapper goes: the edits to make there, given the wrapper's arguments. */
export interface SiteWrap {
  readonly file: SourceFile;
  /**
   * The field name the runtime derives for the loader once wrapped there, by the naming rule (the method's or
   * the function's name, else its holder's); `undefined` where only the owner would name it.
   */
  readonly derivedName: string | undefined;
  /** What is wrapped there: where an enclosing name is looked for when its field name is already taken. */
  readonly anchor: Node;
  readonly edits: (wrapper: WrapperReference, wrapperArguments: string) => readonly TextEdit[];
}

/** The wraps a site needs: one for a declaration, one per DataLoader construction for use sites. */
export function siteWraps(context: AnalysisContext, target: CodemodTarget, site: WrapSite): readonly SiteWrap[] {
  const { ts } = context;
  const declaredName = target.declaration?.name;
  switch (site.kind) {
    case 'decorator': {
      const file = site.method.getSourceFile();
      const derivedName = staticNameText(ts, site.method.name);
      return [{ file, derivedName, anchor: site.method, edits: (wrapper, args) => decorateMethodEdits(file, site.method, wrapper, args) }];
    }
    case 'expression': {
      const file = site.fn.getSourceFile();
      const derivedName = site.fn.name?.text ?? holderName(ts, site.fn) ?? (target.declaration?.node === site.fn ? undefined : declaredName);
      return [{ file, derivedName, anchor: site.fn, edits: (wrapper, args) => wrapExpressionEdits(file, site.fn, wrapper, args) }];
    }
    case 'function-declaration': {
      const file = site.fn.getSourceFile();
      return [{ file, derivedName: site.fn.name?.text, anchor: site.fn, edits: (wrapper, args) => functionDeclarationEdits(context, file, site.fn, wrapper, args) }];
    }
    case 'object-method': {
      const file = site.method.getSourceFile();
      const functionName = expressionName(context, site.method);
      return [
        {
          file,
          derivedName: functionName ?? staticNameText(ts, site.method.name),
          anchor: site.method,
          edits: (wrapper, args) => objectMethodEdits(context, file, site.method, functionName, wrapper, args),
        },
      ];
    }
    case 'use-sites':
      return site.arguments.map((argument: Expression) => {
        const file = argument.getSourceFile();
        // At a loader factory's call, the field is named after what holds the factory's result (`users` in
        // `const users = makeByIdLoader(fetchUsers)`), so two calls handed the same function stay two fields.
        const derivedName =
          target.factory !== undefined
            ? holderName(ts, factoryCallOf(context, argument) ?? argument)
            : (runtimeFunctionName(context, argument) ?? declaredName ?? holderName(ts, argument));
        return { file, derivedName, anchor: argument, edits: (wrapper, args) => wrapExpressionEdits(file, argument, wrapper, args) };
      });
  }
}

/** The call (or `new`) that `argument` is an argument of: a loader factory's call, for its holder. */
function factoryCallOf(context: AnalysisContext, argument: Expression): Expression | undefined {
  const { ts } = context;
  const parent = argument.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(argument) === true ? parent : undefined;
}

/** `export async function f(…) {…}` → `export const f = fieldDependency(…)(async function f(…) {…});`. */
function functionDeclarationEdits(
  context: AnalysisContext,
  file: SourceFile,
  fn: FunctionDeclaration,
  wrapper: WrapperReference,
  wrapperArguments: string,
): readonly TextEdit[] {
  const { ts } = context;
  const name = fn.name?.text ?? '';
  const asyncModifier = (ts.getModifiers(fn) ?? []).find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  const functionKeyword = fn.getChildren(file).find((child) => child.kind === ts.SyntaxKind.FunctionKeyword);
  const start = (asyncModifier ?? functionKeyword ?? fn).getStart(file);
  const head = `${asyncModifier === undefined ? '' : 'async '}function${fn.asteriskToken === undefined ? '' : '*'} ${name}`;
  return [
    { start, end: fn.name?.end ?? start, text: `const ${name} = ${wrapper.expression}(${wrapperArguments})(${head}` },
    { start: fn.end, end: fn.end, text: ');' },
  ];
}

/** `async list(…) {…}` in an object literal → `list: fieldDependency(…)(async function list(…) {…})`. */
function objectMethodEdits(
  context: AnalysisContext,
  file: SourceFile,
  method: MethodDeclaration,
  functionName: string | undefined,
  wrapper: WrapperReference,
  wrapperArguments: string,
): readonly TextEdit[] {
  const { ts } = context;
  const isAsync = (ts.getModifiers(method) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  const head = `${isAsync ? 'async ' : ''}function${method.asteriskToken === undefined ? '' : '*'} ${functionName ?? ''}`;
  const property = method.name.getText(file);
  return [
    { start: method.getStart(file), end: method.name.end, text: `${property}: ${wrapper.expression}(${wrapperArguments})(${head}` },
    { start: method.end, end: method.end, text: ')' },
  ];
}

/** The name an object-literal method keeps as a function expression: its identifier, unless a reserved word. */
function expressionName(context: AnalysisContext, method: MethodDeclaration): string | undefined {
  const { ts } = context;
  const name = method.name;
  return ts.isIdentifier(name) && ts.identifierToKeywordKind(name) === undefined ? name.text : undefined;
}
