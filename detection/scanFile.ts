import type { CallExpression, Node, SourceFile } from 'typescript';
import type { AnalysisContext } from './AnalysisContext.js';
import { dataLoaderConstructionAt, namedFunctionAt, type DataLoaderConstruction, type NamedFunction } from './whatIsALoader.js';
import { loaderFactoryArguments } from './loaders/loaderFactoryArguments.js';
import { walkDescendants } from './walkDescendants.js';
import { isFieldDependencyCall, isWrapCall } from './wrapped/fieldDependencyReferences.js';
import { wrappedDeclaration } from './wrapped/wrappedDeclaration.js';

/** What one walk over a file collects for detection to decide on. */
export interface FileScan {
  /** `new DataLoader(fn)`, `super(fn)` of DataLoader subclasses and loader factories' calls (`makeByIdLoader(fn)`), in source order. */
  readonly constructions: readonly DataLoaderConstruction[];
  /** Named functions (only when configured detection applies: else empty). */
  readonly namedFunctions: readonly NamedFunction[];
  /** `fieldDependency(…)` calls, whose arguments `valid-field-dependency` checks. */
  readonly fieldDependencyCalls: readonly CallExpression[];
  /** Declarations wrapped by reference, `fieldDependency(…)(batchUsers)` (only when configured detection applies). */
  readonly wrappedDeclarations: ReadonlySet<Node>;
}

/** Walks `file` once; `configured` says whether configured detection applies to it (named functions are collected only then). */
export function scanFile(context: AnalysisContext, file: SourceFile, configured: boolean): FileScan {
  const { ts } = context;
  const constructions: DataLoaderConstruction[] = [];
  const namedFunctions: NamedFunction[] = [];
  const fieldDependencyCalls: CallExpression[] = [];
  const wrappedDeclarations = new Set<Node>();
  const visit = (node: Node): void => {
    if (ts.isNewExpression(node) || (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword)) {
      const construction = dataLoaderConstructionAt(context, node);
      if (construction !== undefined) constructions.push(construction);
      else constructions.push(...loaderFactoryArguments(context, node));
    } else if (ts.isCallExpression(node)) constructions.push(...loaderFactoryArguments(context, node));
    if (ts.isCallExpression(node)) {
      if (isFieldDependencyCall(context, node)) fieldDependencyCalls.push(node);
      if (configured && isWrapCall(context, node)) {
        const wrapped = wrappedDeclaration(context, node.arguments[0]);
        if (wrapped !== undefined) wrappedDeclarations.add(wrapped);
      }
    }
    if (configured) {
      const named = namedFunctionAt(context, node);
      if (named !== undefined) namedFunctions.push(named);
    }
  };
  walkDescendants(ts, file, visit);
  return { constructions, namedFunctions, fieldDependencyCalls, wrappedDeclarations };
}
