import type { CallExpression, Expression, MethodDeclaration, Node, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { walkDescendants } from '../walkDescendants.js';
import { fieldDependencyCallOf, isFieldDependencyDecorator, isWrapCall } from './fieldDependencyReferences.js';

/** One loader made a field dependency by this package: a decorated method, or a wrapped function. */
export type AppliedFieldDependency =
  | {
      readonly kind: 'decorator';
      /** The decorated method. */
      readonly method: MethodDeclaration;
      /** The decorator's expression as written: `fieldDependency(Map, { owner })`, or a constant holding one. */
      readonly applied: Expression;
      /** The `fieldDependency(type, options)` call that made it; `undefined` when it cannot be followed. */
      readonly declaration: CallExpression | undefined;
    }
  | {
      readonly kind: 'wrapper';
      /** The wrapping call: `fieldDependency(type, options)(fn)`, or `constant(fn)`. */
      readonly call: CallExpression;
      /** The wrapped function as written. */
      readonly loader: Expression;
      /** The `fieldDependency(type, options)` call that made the wrapper; `undefined` when it cannot be followed. */
      readonly declaration: CallExpression | undefined;
    };

/**
 * Every field dependency declared in `file`, in source order: methods decorated with this package's
 * `fieldDependency` and functions wrapped by it, decided the way detection decides that a loader is wrapped
 * (aliases, namespaces, `require`, re-exports and decorator constants followed).
 */
export function appliedFieldDependencies(context: AnalysisContext, file: SourceFile): readonly AppliedFieldDependency[] {
  const { ts } = context;
  const applied: AppliedFieldDependency[] = [];
  const visit = (node: Node): void => {
    if (ts.isMethodDeclaration(node) && ts.canHaveDecorators(node)) {
      for (const decorator of ts.getDecorators(node) ?? []) {
        if (!isFieldDependencyDecorator(context, decorator.expression)) continue;
        applied.push({
          kind: 'decorator',
          method: node,
          applied: decorator.expression,
          declaration: fieldDependencyCallOf(context, decorator.expression),
        });
      }
    } else if (ts.isCallExpression(node) && isWrapCall(context, node)) {
      const [loader] = node.arguments;
      if (loader !== undefined) {
        applied.push({ kind: 'wrapper', call: node, loader, declaration: fieldDependencyCallOf(context, node.expression) });
      }
    }
  };
  walkDescendants(ts, file, visit);
  return applied;
}
