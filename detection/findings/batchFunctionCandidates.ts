import path from 'node:path';
import type { CallExpression, Expression, FunctionLikeDeclaration, Node, ParameterDeclaration, SourceFile } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { DataLoaderConstruction } from '../loaders/dataLoaderConstruction.js';
import type { LoaderDeclaration } from '../types/LoaderDeclaration.js';
import type { LoaderTarget } from '../types/LoaderTarget.js';
import { batchParameterRole, calledFactoryParameters, factoryName } from '../loaders/loaderFactories.js';
import { resolveBatchFunction } from '../loaders/resolveBatchFunction.js';
import { unfollowedFactoryUses } from '../loaders/unfollowedFactoryUses.js';
import { batchArgumentWrapEdits, loaderWrapEdits } from '../suggestions/loaderWrapEdits.js';
import type { WrapperReference } from '../suggestions/wrapperReference.js';
import { excerpt, skipOuterExpressions } from '../syntax.js';
import { FIELD_DEPENDENCY_EXPORT, FIELD_DEPENDENCY_MODULE } from '../wrapped/fieldDependencyReferences.js';
import type { FindingCandidate } from '../types/FindingCandidate.js';
import { unwrappedLoaderCandidate } from './unwrappedLoaderCandidate.js';

const DATALOADER_WHY = 'the batch function of a DataLoader';

/**
 * `require-field-dependency` candidates for the DataLoaders constructed in `file` whose batch function is not
 * wrapped: one per loader declared in this file (at its declaration, however many DataLoaders receive it),
 * one per construction whose loader is declared in another file, is built by a call or cannot be traced (at the
 * argument). A loader factory's call counts as a construction: its loader arguments are checked at the call,
 * and the factory's own parameter is then no finding, unless some use of the factory cannot be followed.
 * `wrapperOf` names `fieldDependency` in `file` for the suggestions (computed once per file).
 */
export function batchFunctionCandidates(
  context: AnalysisContext,
  file: SourceFile,
  constructions: readonly DataLoaderConstruction[],
  wrapperOf: () => WrapperReference,
): readonly FindingCandidate[] {
  const candidates: FindingCandidate[] = [];
  const sitesByLocalLoader = new Map<Node, { loader: LoaderDeclaration; arguments: Expression[]; why: string; factory: DataLoaderConstruction['factory'] }>();
  for (const { batchArgument, factory } of constructions) {
    const resolution = resolveBatchFunction(context, batchArgument);
    if (resolution.kind === 'wrapped') continue;
    const why = factory === undefined ? DATALOADER_WHY : factoryWhy(factory);
    const atArgument = (messageId: 'untraceableLoader' | 'unwrappedLoader', data: Record<string, string>, loaderSites = 1): FindingCandidate => ({
      rule: 'require-field-dependency',
      messageId,
      data,
      range: { start: batchArgument.getStart(file), end: batchArgument.end },
      anchors: [{ file, node: batchArgument }],
      suggestionEdits: batchArgumentWrapEdits(context, file, batchArgument, wrapperOf()),
      target: {
        kind: factory?.role === 'called' ? 'called' : 'batch',
        declaration: undefined,
        batchArguments: [batchArgument],
        ...factoryOf(factory),
        ...(data['factory'] === undefined ? {} : { unfollowedFactory: data['factory'] }),
      },
      loaderSites,
    });
    if (resolution.kind === 'untraceable') {
      candidates.push(atArgument('untraceableLoader', { argument: excerpt(batchArgument), reason: resolution.reason }));
      continue;
    }
    if (resolution.kind === 'parameter') {
      const hidden = parameterOfFactory(context, resolution.parameter);
      if (hidden === undefined) continue;
      const data = { argument: excerpt(batchArgument), reason: hidden.reason, ...(hidden.factory === undefined ? {} : { factory: hidden.factory }) };
      candidates.push(atArgument('untraceableLoader', data, hidden.loaderSites));
      continue;
    }
    if (resolution.kind === 'built') {
      candidates.push(atArgument('unwrappedLoader', { loader: builtLoader(context, resolution.call), why }));
      continue;
    }
    const inline = resolution.loader.functionNode;
    if (inline !== undefined && inline === resolution.loader.node) {
      // An inline batch function that calls a loader factory's parameter: its callers' arguments are the loaders.
      const factories = calledFactoryParameters(context, inline);
      const hidden = factories.map((fn) => ({ fn, unfollowed: unfollowedFactoryUses(context, fn) })).find(({ unfollowed }) => unfollowed !== undefined);
      if (factories.length > 0) {
        if (hidden?.unfollowed === undefined) continue;
        candidates.push(
          atArgument(
            'untraceableLoader',
            {
              argument: excerpt(batchArgument),
              reason: `it calls a parameter of the loader factory \`${factoryName(context, hidden.fn)}\`, and ${hidden.unfollowed.reason}`,
              factory: factoryName(context, hidden.fn),
            },
            hidden.unfollowed.hidden,
          ),
        );
        continue;
      }
    }
    const { loader } = resolution;
    const loaderFile = loader.node.getSourceFile();
    // A loader factory's call site is a loader of its own: reported there unless the loader is written there.
    if (loaderFile === file && (factory === undefined || loader.node === skipOuterExpressions(context.ts, batchArgument))) {
      const entry = sitesByLocalLoader.get(loader.node) ?? { loader, arguments: [], why, factory };
      entry.arguments.push(batchArgument);
      sitesByLocalLoader.set(loader.node, entry);
      continue;
    }
    const declaredAt = loaderFile.getLineAndCharacterOfPosition((loader.nameNode ?? loader.node).getStart(loaderFile));
    const where = `${relativeModulePath(file.fileName, loaderFile.fileName)}:${declaredAt.line + 1}`;
    candidates.push({
      rule: 'require-field-dependency',
      messageId: 'unwrappedLoader',
      data: { loader: `\`${loader.name ?? excerpt(loader.node)}\` (defined in ${where})`, why },
      range: { start: batchArgument.getStart(file), end: batchArgument.end },
      anchors: [
        { file, node: batchArgument },
        { file: loaderFile, node: loader.nameNode ?? loader.node },
      ],
      suggestionEdits: batchArgumentWrapEdits(context, file, batchArgument, wrapperOf()),
      target: { kind: factory?.role === 'called' ? 'called' : 'batch', declaration: loader, batchArguments: [batchArgument], ...factoryOf(factory) },
      loaderSites: 1,
    });
  }
  for (const { loader, arguments: siteArguments, why, factory } of sitesByLocalLoader.values()) {
    const target: LoaderTarget = { kind: factory?.role === 'called' ? 'called' : 'batch', declaration: loader, batchArguments: siteArguments, ...factoryOf(factory) };
    candidates.push(unwrappedLoaderCandidate(file, loader, why, loaderWrapEdits(context, file, loader, siteArguments, wrapperOf()), target));
  }
  return candidates;
}

/**
 * How a call that builds a batch function is named in messages; for `wrapper(…)(fn)`, that `wrapper` is not
 * this package's `fieldDependency` (a local look-alike, another package's).
 */
function builtLoader(context: AnalysisContext, call: CallExpression): string {
  const callee = call.expression;
  const notOurs = context.ts.isCallExpression(callee)
    ? `; \`${excerpt(callee.expression)}\` is not ${FIELD_DEPENDENCY_EXPORT} from '${FIELD_DEPENDENCY_MODULE}'`
    : '';
  return `\`${excerpt(call)}\` (a call that builds the batch function${notOurs})`;
}

function factoryOf(factory: DataLoaderConstruction['factory']): { factory?: string } {
  return factory === undefined ? {} : { factory: factory.name };
}

/** Why an argument of a loader factory's call is a loader. */
function factoryWhy(factory: NonNullable<DataLoaderConstruction['factory']>): string {
  return factory.role === 'batch'
    ? `passed to the loader factory \`${factory.name}\`, which makes a DataLoader of it`
    : `passed to the loader factory \`${factory.name}\`, whose DataLoader's batch function calls it`;
}

/**
 * A DataLoader's batch function that is a parameter: nothing to report when it is a loader factory's and
 * every use of the factory is a call (each caller's argument is checked there); else why, and how many
 * loaders it hides.
 */
function parameterOfFactory(
  context: AnalysisContext,
  parameter: ParameterDeclaration,
): { reason: string; loaderSites: number; factory?: string } | undefined {
  const { ts } = context;
  const owner = parameter.parent;
  if (!ts.isFunctionLike(owner)) return { reason: 'it is a parameter', loaderSites: 1 };
  const fn = owner as FunctionLikeDeclaration;
  if (batchParameterRole(context, fn, fn.parameters.indexOf(parameter)) === undefined) return { reason: 'it is a parameter', loaderSites: 1 };
  const unfollowed = unfollowedFactoryUses(context, fn);
  if (unfollowed === undefined) return undefined;
  const factory = factoryName(context, fn);
  return { reason: `it is a parameter of the loader factory \`${factory}\`, and ${unfollowed.reason}`, loaderSites: unfollowed.hidden, factory };
}

function relativeModulePath(from: string, to: string): string {
  const relative = path.relative(path.dirname(from), to).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
