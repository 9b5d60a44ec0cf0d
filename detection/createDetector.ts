import path from 'node:path';
import type { CallExpression, Expression, Node, Program, SourceFile } from 'typescript';
import { createAnalysisContext, type AnalysisContext } from './AnalysisContext.js';
import { ConfigResolver } from './config/ConfigResolver.js';
import { matchingFileGlob, matchingNamePattern, type LoaderRules } from './config/LoaderRules.js';
import { dataLoaderConstructionAt, type DataLoaderConstruction } from './dataLoaderConstruction.js';
import { fieldDependencyArgumentProblems } from './fieldDependencyArgumentProblems.js';
import { isFieldDependencyCall, isWrapCall } from './fieldDependencyReferences.js';
import { enclosingStatementOrMember } from './enclosingStatementOrMember.js';
import type { FileAnalysis, SuppressedFinding } from './FileAnalysis.js';
import type { Finding, Suggestion, TextEdit } from './Finding.js';
import type { LoaderDeclaration } from './LoaderDeclaration.js';
import type { LoaderTarget } from './LoaderTarget.js';
import { formatMessage, type MessageId, type RuleName } from './messages.js';
import { isExported, namedFunctionAt, type NamedFunction } from './namedFunctions.js';
import { resolveBatchFunction } from './resolveBatchFunction.js';
import { suppressionCommentsOf, type SuppressionComment } from './suppressionComments.js';
import { symbolAt, targetDeclaration } from './symbols.js';
import { excerpt, skipOuterExpressions } from './syntax.js';
import type { TypeScriptApi } from './TypeScriptApi.js';
import { decorateMethodEdits, wrapExpressionEdits, wrapperReference } from './wrapSuggestion.js';

/** Decides, for each file of one program, which functions are loaders and which of them are not wrapped. */
export interface Detector {
  /** Analyses one file of the program. @throws ConfigError when the configuration that applies to it is invalid. */
  analyze(file: SourceFile): FileAnalysis;
}

/** Options of {@link createDetector}. */
export interface DetectorOptions {
  /**
   * Where configuration comes from; share one between detectors to read each configuration file once.
   * @default a new ConfigResolver
   */
  readonly configResolver?: ConfigResolver;
}

/** A node whose start line, and the line of the statement or member holding it, a suppression may sit above. */
interface Anchor {
  readonly file: SourceFile;
  readonly node: Node;
}

interface Candidate {
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  readonly range: { readonly start: number; readonly end: number };
  readonly anchors: readonly Anchor[];
  readonly suggestionEdits: readonly TextEdit[] | undefined;
  readonly target: LoaderTarget | undefined;
}

const DATALOADER_WHY = 'the batch function of a DataLoader';

/**
 * A detector for `program`, which must have been built by the TypeScript copy `ts` (the user's copy under
 * ESLint, ts-morph's in the CLI): both front ends run exactly this code, so they report the same loaders.
 */
export function createDetector(ts: TypeScriptApi, program: Program, options: DetectorOptions = {}): Detector {
  const context = createAnalysisContext(ts, program);
  const configResolver = options.configResolver ?? new ConfigResolver();
  const commentsByFile = new Map<SourceFile, readonly SuppressionComment[]>();
  const commentsOf = (file: SourceFile): readonly SuppressionComment[] => {
    let comments = commentsByFile.get(file);
    if (comments === undefined) {
      comments = suppressionCommentsOf(file);
      commentsByFile.set(file, comments);
    }
    return comments;
  };
  return {
    analyze(file) {
      const rules = configResolver.rulesForFile(file.fileName);
      const candidates = collectCandidates(context, file, rules, commentsOf(file));
      return applySuppressions(context, file, candidates, commentsOf);
    },
  };
}

function collectCandidates(
  context: AnalysisContext,
  file: SourceFile,
  rules: LoaderRules,
  comments: readonly SuppressionComment[],
): readonly Candidate[] {
  const { ts } = context;
  const configured = rules.namePatterns.length > 0 || rules.files.length > 0 || rules.classes.size > 0;
  const constructions: DataLoaderConstruction[] = [];
  const namedFunctions: NamedFunction[] = [];
  const fieldDependencyCalls: CallExpression[] = [];
  const wrappedDeclarations = new Set<Node>();

  const visit = (node: Node): void => {
    if (ts.isNewExpression(node) || (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword)) {
      const construction = dataLoaderConstructionAt(context, node);
      if (construction !== undefined) constructions.push(construction);
    }
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
    ts.forEachChild(node, visit);
  };
  visit(file);

  const candidates = new Map<string, Candidate>();
  const add = (candidate: Candidate): void => {
    const key = `${candidate.rule}:${candidate.messageId}:${candidate.range.start}`;
    if (!candidates.has(key)) candidates.set(key, candidate);
  };
  for (const candidate of dataLoaderCandidates(context, file, constructions)) add(candidate);
  for (const named of namedFunctions) {
    const why = configuredReason(context, file, rules, named);
    if (why === undefined || named.wrapped || wrappedDeclarations.has(named.node)) continue;
    const target: LoaderTarget = { kind: 'configured', declaration: named, batchArguments: [] };
    add(unwrappedCandidate(file, named, why, loaderEdits(context, file, named, []), target));
  }
  for (const call of fieldDependencyCalls) {
    for (const problem of fieldDependencyArgumentProblems(context, call)) {
      add({
        rule: 'valid-field-dependency',
        messageId: problem.messageId,
        data: problem.data,
        range: { start: problem.node.getStart(file), end: problem.node.end },
        anchors: [],
        suggestionEdits: undefined,
        target: undefined,
      });
    }
  }
  for (const comment of comments) {
    if (comment.reason !== undefined) continue;
    add({
      rule: 'valid-field-dependency',
      messageId: 'missingSuppressionReason',
      data: {},
      range: comment.range,
      anchors: [],
      suggestionEdits: undefined,
      target: undefined,
    });
  }
  return [...candidates.values()].sort((a, b) => a.range.start - b.range.start);
}

function dataLoaderCandidates(
  context: AnalysisContext,
  file: SourceFile,
  constructions: readonly DataLoaderConstruction[],
): readonly Candidate[] {
  const candidates: Candidate[] = [];
  const sitesByLocalLoader = new Map<Node, { loader: LoaderDeclaration; arguments: Expression[] }>();
  for (const { batchArgument } of constructions) {
    const resolution = resolveBatchFunction(context, batchArgument);
    if (resolution.kind === 'wrapped') continue;
    const argumentEdits = (): readonly TextEdit[] => {
      const wrapper = wrapperReference(context, file);
      return [...wrapper.importEdits, ...wrapExpressionEdits(file, skipOuterExpressions(context.ts, batchArgument), wrapper)];
    };
    if (resolution.kind === 'untraceable') {
      candidates.push({
        rule: 'require-field-dependency',
        messageId: 'untraceableLoader',
        data: { argument: excerpt(batchArgument), reason: resolution.reason },
        range: { start: batchArgument.getStart(file), end: batchArgument.end },
        anchors: [{ file, node: batchArgument }],
        suggestionEdits: argumentEdits(),
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
      suggestionEdits: argumentEdits(),
      target: { kind: 'batch', declaration: loader, batchArguments: [batchArgument] },
    });
  }
  for (const { loader, arguments: siteArguments } of sitesByLocalLoader.values()) {
    const target: LoaderTarget = { kind: 'batch', declaration: loader, batchArguments: siteArguments };
    candidates.push(unwrappedCandidate(file, loader, DATALOADER_WHY, loaderEdits(context, file, loader, siteArguments), target));
  }
  return candidates;
}

function unwrappedCandidate(
  file: SourceFile,
  loader: LoaderDeclaration,
  why: string,
  suggestionEdits: readonly TextEdit[] | undefined,
  target: LoaderTarget,
): Candidate {
  return {
    rule: 'require-field-dependency',
    messageId: 'unwrappedLoader',
    data: { loader: loader.name === undefined ? 'This inline function' : `\`${loader.name}\``, why },
    range: reportRange(file, loader),
    anchors: [{ file, node: loader.nameNode ?? loader.node }],
    suggestionEdits,
    target,
  };
}

/**
 * How to wrap a loader declared in this file: wrap an inline function where it is written, decorate a class
 * method, or else (a function declaration, an object-literal method) wrap it where DataLoader receives it.
 */
function loaderEdits(
  context: AnalysisContext,
  file: SourceFile,
  loader: LoaderDeclaration,
  siteArguments: readonly Expression[],
): readonly TextEdit[] | undefined {
  const { ts } = context;
  const fn = loader.functionNode;
  const wrapper = wrapperReference(context, file);
  let edits: readonly TextEdit[];
  if (fn !== undefined && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) edits = wrapExpressionEdits(file, fn, wrapper);
  else if (fn !== undefined && ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) edits = decorateMethodEdits(file, fn, wrapper);
  else if (siteArguments.length > 0) {
    edits = siteArguments.flatMap((argument) => wrapExpressionEdits(file, skipOuterExpressions(ts, argument), wrapper));
  } else return undefined;
  return [...wrapper.importEdits, ...edits];
}

function configuredReason(context: AnalysisContext, file: SourceFile, rules: LoaderRules, named: NamedFunction): string | undefined {
  const { ts } = context;
  const container = named.container;
  if (container !== undefined && ts.isClassLike(container) && !named.isPrivate && container.name !== undefined && rules.classes.has(container.name.text)) {
    return `it is a method of \`${container.name.text}\`, listed in loaderClasses`;
  }
  const pattern = matchingNamePattern(rules, named.name);
  if (pattern !== undefined) return `its name matches /${pattern.source}/ from loaderNamePatterns`;
  const glob = matchingFileGlob(rules, file.fileName);
  if (glob !== undefined && isExported(context, named, file)) return `its file matches '${glob.glob}' from loaderFiles`;
  return undefined;
}

function wrappedDeclaration(context: AnalysisContext, argument: Expression | undefined): Node | undefined {
  if (argument === undefined) return undefined;
  const symbol = symbolAt(context, argument);
  return symbol === undefined ? undefined : targetDeclaration(context, symbol);
}

function reportRange(file: SourceFile, loader: LoaderDeclaration): { start: number; end: number } {
  if (loader.nameNode !== undefined) return { start: loader.nameNode.getStart(file), end: loader.nameNode.end };
  const start = loader.node.getStart(file);
  const body = loader.functionNode?.body;
  if (body === undefined) return { start, end: loader.node.end };
  let end = body.getStart(file);
  while (end > start && /\s/.test(file.text.charAt(end - 1))) end -= 1;
  return { start, end };
}

function applySuppressions(
  context: AnalysisContext,
  file: SourceFile,
  candidates: readonly Candidate[],
  commentsOf: (file: SourceFile) => readonly SuppressionComment[],
): FileAnalysis {
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const candidate of candidates) {
    const finding = toFinding(file, candidate);
    const suppression = candidate.rule === 'require-field-dependency' ? suppressionFor(context, candidate.anchors, commentsOf) : undefined;
    if (suppression === undefined) findings.push(finding);
    else suppressed.push({ finding, suppression });
  }
  return { fileName: file.fileName, findings, suppressed, suppressions: commentsOf(file).filter((comment) => comment.reason !== undefined) };
}

/** The comment with a reason on the line above an anchor, or above the statement or member that holds it. */
function suppressionFor(
  context: AnalysisContext,
  anchors: readonly Anchor[],
  commentsOf: (file: SourceFile) => readonly SuppressionComment[],
): SuppressionComment | undefined {
  for (const { file, node } of anchors) {
    const comments = commentsOf(file).filter((comment) => comment.reason !== undefined);
    if (comments.length === 0) continue;
    const lines = new Set([lineOf(file, node.getStart(file)), lineOf(file, enclosingStatementOrMember(context.ts, node).getStart(file))]);
    const match = comments.find((comment) => lines.has(comment.start.line + 1));
    if (match !== undefined) return match;
  }
  return undefined;
}

function toFinding(file: SourceFile, candidate: Candidate): Finding {
  const suggestion: Suggestion | undefined =
    candidate.suggestionEdits === undefined ? undefined : { messageId: 'wrapWithFieldDependency', edits: candidate.suggestionEdits };
  return {
    rule: candidate.rule,
    messageId: candidate.messageId,
    data: candidate.data,
    message: formatMessage(candidate.messageId, candidate.data),
    fileName: file.fileName,
    range: candidate.range,
    start: positionOf(file, candidate.range.start),
    end: positionOf(file, candidate.range.end),
    suggestion,
    target: candidate.target,
  };
}

function positionOf(file: SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

function lineOf(file: SourceFile, offset: number): number {
  return file.getLineAndCharacterOfPosition(offset).line + 1;
}

function relativeModulePath(from: string, to: string): string {
  const relative = path.relative(path.dirname(from), to).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
