import type { ArrowFunction, CallExpression, FunctionExpression, Expression, Node, Type } from 'typescript';
import {
  createAnalysisContext,
  dataLoaderConstructionAt,
  fieldDependencyCallOf,
  formatMessage,
  initializerOf,
  isFieldDependencyDecorator,
  isWrapCall,
  skipOuterExpressions,
  symbolAt,
  targetDeclaration,
  type AnalysisContext,
} from '../../detection/index.js';
import { declaredValueTypes, type DeclaredValueType } from '../fallbacks/declaredValueTypes.js';
import { EMPTY_VALUE_NAMES, emptyValueFits, firstFittingEmptyValue, type EmptyValueName } from '../fallbacks/emptyValueFits.js';
import type { FitContext } from '../fallbacks/FitContext.js';
import { strictNullView } from '../fallbacks/strictNullView.js';
import type { CheckedFinding } from './CheckResult.js';
import type { LoadedProject } from './loadProject.js';

/** How far a batch argument is followed to its `fieldDependency(…)` (references, `const` copies, `.bind`, forwarding arrows). */
const MAX_DEPTH = 6;

/** A wrapped batch function: the `fieldDependency(type, options)` call that wraps it, and the function it wraps. */
interface WrappedBatch {
  readonly declaration: CallExpression;
  /** The wrapped function, or the decorated method. */
  readonly loader: Node;
}

/**
 * `check --types`: every DataLoader batch function wrapped with an aligned `[T]` fallback whose empty value does not
 * fit the loader's value type: the `V` its DataLoader declares (type arguments, a typed holder, a factory's return
 * type, a subclass), else the element type the batch function returns. Fits are judged with `strictNullChecks` on,
 * so a `[null]` for `Estimate` is found even in a project compiled without it, where the compiler takes it. An `any`
 * value type says nothing and is left alone. Each finding names the type that fits, when one does.
 */
export function fallbackMisfits(project: LoadedProject, relative: (file: string) => string): readonly CheckedFinding[] {
  const { ts, program } = project;
  const context = createAnalysisContext(ts, program);
  const fit = strictNullView({ ts, program, checker: context.checker });
  const findings: CheckedFinding[] = [];
  const seen = new Set<Node>();
  for (const file of project.sourceFiles) {
    const visit = (node: Node): void => {
      const construction = dataLoaderConstructionAt(context, node);
      const wrapped = construction === undefined ? undefined : wrappedBatchOf(context, construction.batchArgument, 0);
      if (construction !== undefined && wrapped !== undefined) {
        const finding = misfit(fit, construction.batchArgument, wrapped);
        const key = wrapped.declaration.arguments[0];
        if (finding !== undefined && key !== undefined && !seen.has(key)) {
          seen.add(key);
          findings.push({ ...finding, file: relative(finding.file) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return findings;
}

/** The finding for one DataLoader's wrapped batch function, if its fallback does not fit. */
function misfit(fit: FitContext, argument: Expression, wrapped: WrappedBatch): CheckedFinding | undefined {
  const { ts } = fit;
  const typeArgument = wrapped.declaration.arguments[0];
  if (typeArgument === undefined || !ts.isArrayLiteralExpression(typeArgument) || typeArgument.elements.length !== 1) return undefined;
  const name = emptyValueName(fit, typeArgument.elements[0]);
  if (name === undefined) return undefined;
  const declared = declaredValueTypes(fit, [argument]);
  const values: readonly DeclaredValueType[] = declared.length > 0 ? declared : returnedValueType(fit, wrapped.loader);
  const misfitting = values.find((value) => !emptyValueFits(fit, name, value.type));
  if (misfitting === undefined) return undefined;
  const fitting = firstFittingEmptyValue(fit, values.map((value) => value.type));
  const sourceFile = typeArgument.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(typeArgument.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(typeArgument.end);
  const message = formatMessage('misfitFallback', {
    type: `[${name}]`,
    value: fit.checker.typeToString(misfitting.type),
    where: declared.length > 0 ? `its DataLoader declares (${misfitting.where})` : 'its batch function returns per key',
    note: name === 'null' && !fit.projectChecksNulls ? ' (strictNullChecks is off, so the compiler takes null for any type and cannot see this)' : '',
    fix:
      fitting === undefined
        ? 'no empty value fits it; declare the value type with `| null` if callers handle a missing value, or give a `fallback` function'
        : `write [${fitting}]`,
  });
  return {
    rule: 'valid-field-dependency',
    messageId: 'misfitFallback',
    message,
    file: sourceFile.fileName,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    loaderSites: 1,
  };
}

/** `null`, `Map`, … of an aligned type's element as written, if it is one of the empty values. */
function emptyValueName(fit: FitContext, element: Expression | undefined): EmptyValueName | undefined {
  const { ts } = fit;
  if (element === undefined) return undefined;
  if (element.kind === ts.SyntaxKind.NullKeyword) return 'null';
  const text = ts.isIdentifier(element) ? element.text : undefined;
  return EMPTY_VALUE_NAMES.find((name) => name !== 'null' && name === text);
}

/** The element type a wrapped batch function returns per key, unless it says nothing (`any`, `unknown`). */
function returnedValueType(fit: FitContext, loader: Node): readonly DeclaredValueType[] {
  const { ts, checker } = fit;
  const [signature] = ts.isFunctionLike(loader) ? [checker.getSignatureFromDeclaration(loader)] : checker.getTypeAtLocation(loader).getCallSignatures();
  if (signature === undefined) return [];
  const returned = checker.getReturnTypeOfSignature(signature);
  const result: Type = checker.getAwaitedType(returned) ?? returned;
  const values = checker.getNonNullableType(result);
  if (values.getProperty('length') === undefined || (values.flags & ts.TypeFlags.StringLike) !== 0) return [];
  const element = checker.getIndexTypeOfType(values, ts.IndexKind.Number);
  if (element === undefined || (element.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return [];
  return [{ type: element, where: 'its batch function' }];
}

/**
 * The `fieldDependency(…)` wrapping a batch argument: a wrap call in place, or reached through references,
 * `const` copies and properties, `.bind(…)`, and forwarding arrows to a decorated method (`ids => this.batch(ids)`).
 */
function wrappedBatchOf(context: AnalysisContext, argument: Expression, depth: number): WrappedBatch | undefined {
  const { ts } = context;
  if (depth > MAX_DEPTH) return undefined;
  const node = skipOuterExpressions(ts, argument);
  if (isWrapCall(context, node)) {
    const declaration = fieldDependencyCallOf(context, node.expression);
    const [loader] = node.arguments;
    return declaration === undefined || loader === undefined ? undefined : { declaration, loader: skipOuterExpressions(ts, loader) };
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind') {
    return wrappedBatchOf(context, node.expression.expression, depth + 1);
  }
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const callee = forwarded(context, node);
    return callee === undefined ? undefined : wrappedBatchOf(context, callee, depth + 1);
  }
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    const symbol = symbolAt(context, node);
    const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
    if (declaration === undefined) return undefined;
    if (ts.isMethodDeclaration(declaration)) {
      const decorator = (ts.getDecorators(declaration) ?? []).find((candidate) => isFieldDependencyDecorator(context, candidate.expression));
      const call = decorator === undefined ? undefined : fieldDependencyCallOf(context, decorator.expression);
      return call === undefined ? undefined : { declaration: call, loader: declaration };
    }
    const initializer = initializerOf(context, declaration);
    return initializer === undefined ? undefined : wrappedBatchOf(context, initializer, depth + 1);
  }
  return undefined;
}

/** What a forwarding arrow calls (`ids => this.batch(ids)` → `this.batch`), if its body is that one call. */
function forwarded(context: AnalysisContext, fn: ArrowFunction | FunctionExpression): Expression | undefined {
  const { ts } = context;
  let body: Node = fn.body;
  if (ts.isBlock(body)) {
    const [only] = body.statements;
    if (body.statements.length !== 1 || only === undefined || !ts.isReturnStatement(only) || only.expression === undefined) return undefined;
    body = only.expression;
  }
  const call = skipOuterExpressions(ts, body as Expression);
  return ts.isCallExpression(call) ? call.expression : undefined;
}
