import path from 'node:path';
import type { Node, SourceFile } from 'typescript';
import {
  ConfigResolver,
  createAnalysisContext,
  createDetector,
  holderName,
  wrapperReference,
  type TextEdit,
  type WrapperReference,
} from '../../detection/index.js';
import type { LoadedProject } from '../check/loadProject.js';
import { collectInventory } from '../inventory/collectInventory.js';
import { applyTextEdits, type EditedText } from './applyTextEdits.js';
import type { CodemodPlan, FileChange, PlannedWrap, ReviewItem, TodoItem } from './CodemodPlan.js';
import type { CodemodTarget } from './CodemodTarget.js';
import { collectTargets } from './collectTargets.js';
import { strictNullView } from '../fallbacks/strictNullView.js';
import { evictReference } from './longLivedEviction.js';
import { planWrap, type WrapPlanning, type WrapReview } from './planWrap.js';
import type { OwnerSources } from './resolveOwner.js';
import { TODO_MARKER, todoMarkerEdit, todoMarkerRemoval } from './todoMarker.js';
import { unparsableFiles } from './unparsableFiles.js';

/** A TODO before the edited text exists: where its marker is (or goes) in the original file. */
interface PendingTodo {
  readonly file: SourceFile;
  readonly loader: string;
  readonly message: string;
  readonly marker: TodoItem['marker'];
  /** The marker's offset: where this run inserts it, or where an earlier run wrote it. */
  readonly offset: number;
}

/**
 * Plans the codemod on a loaded project, writing nothing: for every loader detection reports as unwrapped
 * (and every loader an earlier run marked TODO), the wrapper with the inferred `type` and the owner, and the
 * import, as text edits of the files concerned; or, where type or owner cannot be decided, a TODO marker.
 * Files that do not parse are reported and left alone. A loader in `refused` (by its target's key) gets a TODO
 * marker with that reason instead of its wrapper.
 *
 * @throws ConfigError when a field-dependency configuration that applies to a file is invalid.
 */
export function planCodemod(project: LoadedProject, owners: OwnerSources, refused: ReadonlyMap<Node, string> = new Map()): CodemodPlan {
  const { ts, program } = project;
  const context = createAnalysisContext(ts, program);
  const unparsable = unparsableFiles(project);
  const ownFiles = new Set(project.sourceFiles);
  const isEditable = (file: SourceFile): boolean => ownFiles.has(file) && !unparsable.has(file);

  const configResolver = new ConfigResolver();
  configResolver.criteriaForDirectory(path.dirname(project.tsconfigPath));
  const detector = createDetector(ts, program, { configResolver });
  const targets = [...collectTargets(detector, project.sourceFiles.filter((file) => !unparsable.has(file)))].sort(byPosition);

  // (field, owner) pairs in use: the project's declared dependencies, then each wrap this run plans.
  const taken = new Set(collectInventory(project, path.dirname(project.tsconfigPath)).entries.map((entry) => fieldKey(entry.owner, entry.field)));
  const wrappers = new Map<SourceFile, WrapperReference>();
  const evictors = new Map<SourceFile, ReturnType<typeof evictReference>>();
  const planning: WrapPlanning = {
    context,
    typeContext: { ts, program, checker: context.checker },
    fallbackContext: strictNullView({ ts, program, checker: context.checker }),
    owners,
    constraints: { legacyDecorators: program.getCompilerOptions().experimentalDecorators === true, isEditable },
    claimName: (owner, name, scope) => {
      let field = taken.has(fieldKey(owner, name)) ? `${scope()}.${name}` : name;
      for (let count = 2, base = field; taken.has(fieldKey(owner, field)); count += 1) field = `${base}${count}`;
      taken.add(fieldKey(owner, field));
      return field;
    },
    evictorFor: (file) => {
      let evictor = evictors.get(file);
      if (evictor === undefined) {
        evictor = evictReference(ts, file);
        evictors.set(file, evictor);
      }
      return evictor.expression;
    },
    wrapperFor: (file) => {
      let wrapper = wrappers.get(file);
      if (wrapper === undefined) {
        wrapper = wrapperReference(context, file);
        wrappers.set(file, wrapper);
      }
      return wrapper;
    },
  };
  const editsByFile = new Map<SourceFile, TextEdit[]>();
  const addEdits = (file: SourceFile, edits: readonly TextEdit[]): void => {
    editsByFile.set(file, [...(editsByFile.get(file) ?? []), ...edits]);
  };
  const wrappedFiles = new Set<SourceFile>();
  const markers = new Map<string, { file: SourceFile; anchor: Node; edit: TextEdit; todos: PendingTodo[] }>();
  const todos: PendingTodo[] = [];
  const reviews: (WrapReview & { readonly loader: string })[] = [];
  const wrapEdits: { readonly target: Node; readonly loader: string; readonly edits: ReadonlyMap<SourceFile, readonly TextEdit[]> }[] = [];
  let wrapped = 0;
  let wrappedCritical = 0;

  for (const target of targets) {
    const loader = loaderLabel(ts, target);
    const marker = target.marker;
    const markerFile = marker === undefined ? undefined : program.getSourceFile(marker.fileName);
    const reason = refused.get(target.key);
    const plan = reason === undefined ? planWrap(planning, target) : { problem: reason };
    if ('edits' in plan) {
      wrapEdits.push({ target: target.key, loader, edits: plan.edits });
      for (const [file, edits] of plan.edits) {
        addEdits(file, edits);
        wrappedFiles.add(file);
      }
      if (marker !== undefined && markerFile !== undefined) addEdits(markerFile, [todoMarkerRemoval(markerFile, marker)]);
      reviews.push(...plan.reviews.map((review) => ({ ...review, loader })));
      wrapped += 1;
      // only a loader kept critical gets review comments
      if (plan.reviews.length > 0) wrappedCritical += 1;
    } else if (marker !== undefined && markerFile !== undefined) {
      const reason = (marker.reason ?? '').slice(TODO_MARKER.length).trim();
      todos.push({ file: markerFile, loader, message: reason, marker: 'existing', offset: marker.range.start });
    } else {
      const anchor = markerAnchor(target, isEditable);
      const file = anchor.getSourceFile();
      const edit = todoMarkerEdit(ts, file, anchor, plan.problem);
      const todo: PendingTodo = { file, loader, message: plan.problem, marker: 'written', offset: edit.start };
      todos.push(todo);
      const key = `${file.fileName}:${edit.start}`;
      const shared = markers.get(key);
      if (shared === undefined) markers.set(key, { file, anchor, edit, todos: [todo] });
      else shared.todos.push(todo);
    }
  }

  // Loaders whose markers would go on the same line (one statement holding two) share one marker.
  for (const { file, anchor, edit, todos: sharing } of markers.values()) {
    addEdits(file, [sharing.length === 1 ? edit : todoMarkerEdit(ts, file, anchor, sharing.map((todo) => `${todo.loader}: ${todo.message}`).join('; '))]);
  }
  for (const file of wrappedFiles) editsByFile.set(file, [...planning.wrapperFor(file).importEdits, ...(editsByFile.get(file) ?? [])]);
  for (const [file, evictor] of evictors) editsByFile.set(file, [...(editsByFile.get(file) ?? []), ...evictor.importEdits]);

  const changes: FileChange[] = [];
  const edited = new Map<SourceFile, EditedText>();
  for (const [file, edits] of [...editsByFile].sort(([a], [b]) => compare(a.fileName, b.fileName))) {
    const result = applyTextEdits(file.text, edits);
    edited.set(file, result);
    if (result.text !== file.text) changes.push({ fileName: file.fileName, before: file.text, after: result.text });
  }
  const listed: TodoItem[] = todos.map((todo) => {
    const after = edited.get(todo.file) ?? { text: todo.file.text, mapOffset: (offset: number) => offset };
    // An inserted marker ends with a line break: its offset maps to the line after it.
    const line = lineOfText(after.text, after.mapOffset(todo.offset)) - (todo.marker === 'written' ? 1 : 0);
    return { fileName: todo.file.fileName, line, loader: todo.loader, message: todo.message, marker: todo.marker };
  });
  listed.sort((a, b) => compare(a.fileName, b.fileName) || a.line - b.line);
  const reviewed: ReviewItem[] = reviews.map((review) => {
    const after = edited.get(review.file) ?? { text: review.file.text, mapOffset: (offset: number) => offset };
    // The comment ends with a line break: its offset maps to the line after it.
    return { fileName: review.file.fileName, line: lineOfText(after.text, after.mapOffset(review.offset)) - 1, loader: review.loader, message: review.message };
  });
  reviewed.sort((a, b) => compare(a.fileName, b.fileName) || a.line - b.line);
  const wraps: PlannedWrap[] = wrapEdits.map(({ target, loader, edits }) => ({
    target,
    loader,
    ranges: [...edits].flatMap(([file, fileEdits]) => {
      const after = edited.get(file);
      if (after === undefined || fileEdits.length === 0) return [];
      const start = Math.min(...fileEdits.map((edit) => edit.start));
      const end = Math.max(...fileEdits.map((edit) => edit.end));
      // An insertion at an offset goes before it: the range opens just after the character before `start`.
      return [{ fileName: file.fileName, start: start === 0 ? 0 : after.mapOffset(start - 1) + 1, end: after.mapOffset(end) }];
    }),
  }));
  return { changes, wrapped, wrappedCritical, todos: listed, reviews: reviewed, skipped: [...unparsable.values()], wraps };
}

/**
 * Where a TODO marker goes: above the loader's declaration when it can be edited (not for a loader factory's
 * call site), else above where DataLoader or the factory receives it (a file detection analysed, so one that parses and belongs to the project).
 */
function markerAnchor(target: CodemodTarget, isEditable: (file: SourceFile) => boolean): Node {
  const declaration = target.declaration;
  // A loader factory's call site is the loader: its marker goes there, whatever function it is handed.
  if (target.factory === undefined && declaration !== undefined && isEditable(declaration.node.getSourceFile())) return declaration.nameNode ?? declaration.node;
  return target.batchArguments[0] ?? target.key;
}

function loaderLabel(ts: LoadedProject['ts'], target: CodemodTarget): string {
  if (target.declaration?.name !== undefined) return target.declaration.name;
  const [argument] = target.batchArguments;
  const holder = argument === undefined ? undefined : holderName(ts, argument);
  return holder === undefined ? 'an inline batch function' : `the batch function of ${holder}`;
}

function fieldKey(owner: string | undefined, field: string | undefined): string {
  return `${owner ?? ''}\u0000${field ?? ''}`;
}

function byPosition(a: CodemodTarget, b: CodemodTarget): number {
  return compare(a.key.getSourceFile().fileName, b.key.getSourceFile().fileName) || a.key.pos - b.key.pos;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lineOfText(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}
