import type { SourceFile } from 'typescript';
import type { LoaderDeclaration } from '../types/LoaderDeclaration.js';
import type { LoaderTarget } from '../types/LoaderTarget.js';
import type { TextEdit } from '../types/Finding.js';
import type { FindingCandidate } from '../types/FindingCandidate.js';

/**
 * The `unwrappedLoader` candidate for a loader declared in the analysed file: reported at its name (or, for an
 * inline function, at its head up to the body), and silenced by a comment above that name.
 */
export function unwrappedLoaderCandidate(
  file: SourceFile,
  loader: LoaderDeclaration,
  why: string,
  suggestionEdits: readonly TextEdit[] | undefined,
  target: LoaderTarget,
): FindingCandidate {
  return {
    rule: 'require-field-dependency',
    messageId: 'unwrappedLoader',
    data: { loader: loader.name === undefined ? 'This inline function' : `\`${loader.name}\``, why },
    range: declarationRange(file, loader),
    anchors: [{ file, node: loader.nameNode ?? loader.node }],
    suggestionEdits,
    target,
    loaderSites: Math.max(1, target.batchArguments.length),
  };
}

function declarationRange(file: SourceFile, loader: LoaderDeclaration): { start: number; end: number } {
  if (loader.nameNode !== undefined) return { start: loader.nameNode.getStart(file), end: loader.nameNode.end };
  const start = loader.node.getStart(file);
  const body = loader.functionNode?.body;
  if (body === undefined) return { start, end: loader.node.end };
  let end = body.getStart(file);
  while (end > start && /\s/.test(file.text.charAt(end - 1))) end -= 1;
  return { start, end };
}
