import type { SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import { matchingFileGlob, matchingNamePattern, type LoaderCriteria } from '../config/LoaderCriteria.js';
import { isExported, type NamedFunction } from './namedFunctions.js';

/**
 * Why the configuration makes `named` a loader, as the finding says it, or `undefined` when it does not: a
 * non-private method of a class listed in `loaderClasses`, a name matching `loaderNamePatterns`, or an
 * exported function of a file matching `loaderFiles`, in that order.
 */
export function configuredLoaderReason(
  context: AnalysisContext,
  file: SourceFile,
  criteria: LoaderCriteria,
  named: NamedFunction,
): string | undefined {
  const { ts } = context;
  const container = named.container;
  if (container !== undefined && ts.isClassLike(container) && !named.isPrivate && container.name !== undefined && criteria.classes.has(container.name.text)) {
    return `it is a method of \`${container.name.text}\`, listed in loaderClasses`;
  }
  const pattern = matchingNamePattern(criteria, named.name);
  if (pattern !== undefined) return `its name matches /${pattern.source}/ from loaderNamePatterns`;
  const glob = matchingFileGlob(criteria, file.fileName);
  if (glob !== undefined && isExported(context, named, file)) return `its file matches '${glob.glob}' from loaderFiles`;
  return undefined;
}
