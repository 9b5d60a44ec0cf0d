import type { Node, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { LoaderCriteria } from '../config/LoaderCriteria.js';
import { configuredLoaderReason } from '../loaders/configuredLoaderReason.js';
import type { NamedFunction } from '../loaders/namedFunctions.js';
import { loaderWrapEdits } from '../suggestions/loaderWrapEdits.js';
import type { WrapperReference } from '../suggestions/wrapperReference.js';
import type { FindingCandidate } from '../types/FindingCandidate.js';
import { unwrappedLoaderCandidate } from './unwrappedLoaderCandidate.js';

/**
 * `require-field-dependency` candidates for the named functions of `file` that the configuration makes loaders
 * and that are neither wrapped where declared nor by reference (`wrappedDeclarations`). `wrapperOf` names
 * `fieldDependency` in `file` for the suggestions (computed once per file).
 */
export function configuredLoaderCandidates(
  context: AnalysisContext,
  file: SourceFile,
  criteria: LoaderCriteria,
  namedFunctions: readonly NamedFunction[],
  wrappedDeclarations: ReadonlySet<Node>,
  wrapperOf: () => WrapperReference,
): readonly FindingCandidate[] {
  const candidates: FindingCandidate[] = [];
  for (const named of namedFunctions) {
    const why = configuredLoaderReason(context, file, criteria, named);
    if (why === undefined || named.wrapped || wrappedDeclarations.has(named.node)) continue;
    candidates.push(
      unwrappedLoaderCandidate(file, named, why, loaderWrapEdits(context, file, named, [], wrapperOf()), { kind: 'configured', declaration: named, batchArguments: [] }),
    );
  }
  return candidates;
}
