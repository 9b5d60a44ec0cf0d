import path from 'node:path';
import type { Expression, Node, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { DataLoaderConstruction } from '../loaders/dataLoaderConstruction.js';
import type { LoaderDeclaration } from '../loaders/LoaderDeclaration.js';
import type { LoaderTarget } from '../loaders/LoaderTarget.js';
import { resolveBatchFunction } from '../loaders/resolveBatchFunction.js';
import { batchArgumentWrapEdits, loaderWrapEdits } from '../suggestions/loaderWrapEdits.js';
import type { WrapperReference } from '../suggestions/wrapperReference.js';
import { excerpt } from '../syntax.js';
import type { FindingCandidate } from './FindingCandidate.js';
import { unwrappedLoaderCandidate } from './unwrappedLoaderCandidate.js';

const DATALOADER_WHY = 'the batch function of a DataLoader';

/**
 * `require-field-dependency` candidates for the DataLoaders constructed in `file` whose batch function is not
 * wrapped: one per loader declared in this file (at its declaration, however many DataLoaders receive it),
 * one per construction whose loader is declared in another file or cannot be traced (at the argument).
 * `wrapperOf` names `fieldDependency` in `file` for the suggestions (computed once per file).
 */
export function batchFunctionCandidates(
  context: AnalysisContext,
  file: SourceFile,
  constructions: readonly DataLoaderConstruction[],
  wrapperOf: () => WrapperReference,
): readonly FindingCandidate[] {
  const candidates: FindingCandidate[] = [];
  const sitesByLocalLoader = new Map<Node, { loader: LoaderDeclaration; arguments: Expression[] }>();
  for (const { batchArgument } of constructions) {
    const resolution = resolveBatchFunction(context, batchArgument);
    if (resolution.kind === 'wrapped') continue;
    if (resolution.kind === 'untraceable') {
      candidates.push({
        rule: 'require-field-dependency',
        messageId: 'untraceableLoader',
        data: { argument: excerpt(batchArgument), reason: resolution.reason },
        range: { start: batchArgument.getStart(file), end: batchArgument.end },
        anchors: [{ file, node: batchArgument }],
        suggestionEdits: batchArgumentWrapEdits(context, file, batchArgument, wrapperOf()),
        target: { kind: 'batch', declaration: undefined, batchArguments: [batchArgument] },
      });
      continue;
    }
    const { loader } = resolution;
    const loaderFile = loader.node.getSourceFile();
    if (loaderFile === file) {
      const entry = sitesByLocalLoader.get(loader.node) ?? { loader, arguments: [] };
      entry.arguments.push(batchArgument);
      sitesByLocalLoader.set(loader.node, entry);
      continue;
    }
    const declaredAt = loaderFile.getLineAndCharacterOfPosition((loader.nameNode ?? loader.node).getStart(loaderFile));
    const where = `${relativeModulePath(file.fileName, loaderFile.fileName)}:${declaredAt.line + 1}`;
    candidates.push({
      rule: 'require-field-dependency',
      messageId: 'unwrappedLoader',
      data: { loader: `\`${loader.name ?? excerpt(loader.node)}\` (defined in ${where})`, why: DATALOADER_WHY },
      range: { start: batchArgument.getStart(file), end: batchArgument.end },
      anchors: [
        { file, node: batchArgument },
        { file: loaderFile, node: loader.nameNode ?? loader.node },
      ],
      suggestionEdits: batchArgumentWrapEdits(context, file, batchArgument, wrapperOf()),
      target: { kind: 'batch', declaration: loader, batchArguments: [batchArgument] },
    });
  }
  for (const { loader, arguments: siteArguments } of sitesByLocalLoader.values()) {
    const target: LoaderTarget = { kind: 'batch', declaration: loader, batchArguments: siteArguments };
    candidates.push(unwrappedLoaderCandidate(file, loader, DATALOADER_WHY, loaderWrapEdits(context, file, loader, siteArguments, wrapperOf()), target));
  }
  return candidates;
}

function relativeModulePath(from: string, to: string): string {
  const relative = path.relative(path.dirname(from), to).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
