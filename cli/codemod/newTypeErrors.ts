import type { Diagnostic, Program, SourceFile } from 'typescript';
import type { LoadedProject } from '../check/loadProject.js';
import { deriveProgram } from '../check/deriveProgram.js';
import type { FileChange, NewTypeError, PlannedWrap } from './CodemodPlan.js';

/**
 * Where a file lies, not what it says: "not under rootDir" (6059) and "not listed in the project" (6307), which an
 * added import of `field-dependency` raises only where the package is mapped to its sources, not installed.
 */
const LAYOUT_CODES = new Set([6059, 6307]);

/** Longest compiler message kept; a TODO marker holds it on one line. */
const MAX_MESSAGE = 240;

/**
 * The compile errors `changes` would add to the project: its program with the changed files' new text (every
 * other file shared as it is) is checked once, over the changed files and the files that import them, and each
 * error is compared with those the file has today (by code, message and the text it points at, so errors that
 * only moved are not new). The project is checked as it is today only when there are errors after the changes.
 * Each new error names the planned wrap whose edits contain it, if one does. A plan of TODO markers alone (comments)
 * is not checked.
 */
export function newTypeErrors(project: LoadedProject, changes: readonly FileChange[], wraps: readonly PlannedWrap[]): readonly NewTypeError[] {
  if (changes.length === 0) return [];
  const { ts, program } = project;
  if (wraps.length === 0) return []; // Only TODO markers: comments add no compile error.
  const changed = deriveProgram(ts, program, { texts: new Map(changes.map((change) => [change.fileName, change.after])) });
  const after = affectedFiles(project, changes).map((own) => {
    const file = changed.getSourceFile(own.fileName);
    return { own, file, diagnostics: file === undefined ? [] : fileDiagnostics(changed, file) };
  });
  if (after.every((entry) => entry.diagnostics.length === 0)) return [];
  // Today's errors from a fresh checker asked in the same order: where types are circular or `any` spreads (a
  // dependency not installed), what the checker reports can depend on the order it met the types in.
  const unchanged = deriveProgram(ts, program, {});
  const found: NewTypeError[] = [];
  for (const { own, file, diagnostics } of after) {
    const todayFile = unchanged.getSourceFile(own.fileName);
    const today = todayFile === undefined ? [] : fileDiagnostics(unchanged, todayFile);
    if (file === undefined || diagnostics.length === 0) continue;
    const before = new Map<string, number>();
    for (const diagnostic of today) before.set(keyOf(project, diagnostic), (before.get(keyOf(project, diagnostic)) ?? 0) + 1);
    for (const diagnostic of diagnostics) {
      const key = keyOf(project, diagnostic);
      const known = before.get(key) ?? 0;
      if (known > 0) {
        before.set(key, known - 1);
        continue;
      }
      const start = diagnostic.start ?? 0;
      const { line, character } = file.getLineAndCharacterOfPosition(start);
      found.push({
        fileName: own.fileName,
        line: line + 1,
        column: character + 1,
        code: `TS${diagnostic.code}`,
        message: oneLine(project, diagnostic),
        wrap: innermostWrap(wraps, own.fileName, start),
      });
    }
  }
  return found;
}

/**
 * The files whose errors the changes can change: the changed files and the project's files that import or
 * re-export from one of them (a wrapper changes a declaration's type only as far as its importers see it), in
 * the project's order.
 */
function affectedFiles(project: LoadedProject, changes: readonly FileChange[]): readonly SourceFile[] {
  const { ts, program } = project;
  const changed = new Set(changes.map((change) => change.fileName));
  const checker = program.getTypeChecker();
  return project.sourceFiles.filter((file) => {
    if (changed.has(file.fileName)) return true;
    return file.statements.some((statement) => {
      const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      const target = specifier === undefined ? undefined : checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      return target !== undefined && ts.isSourceFile(target) && changed.has(target.fileName);
    });
  });
}

function fileDiagnostics(program: Program, file: SourceFile): readonly Diagnostic[] {
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].filter((diagnostic) => !LAYOUT_CODES.has(diagnostic.code));
}

function keyOf(project: LoadedProject, diagnostic: Diagnostic): string {
  const text = diagnostic.file?.text.slice(diagnostic.start ?? 0, (diagnostic.start ?? 0) + (diagnostic.length ?? 0)) ?? '';
  return `${diagnostic.code}\u0000${oneLine(project, diagnostic)}\u0000${text}`;
}

function oneLine(project: LoadedProject, diagnostic: Diagnostic): string {
  const text = project.ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** The planned wrap with the smallest range around `offset` in `fileName`. */
function innermostWrap(wraps: readonly PlannedWrap[], fileName: string, offset: number): PlannedWrap | undefined {
  let best: { wrap: PlannedWrap; size: number } | undefined;
  for (const wrap of wraps) {
    for (const range of wrap.ranges) {
      if (range.fileName !== fileName || offset < range.start || offset >= range.end) continue;
      const size = range.end - range.start;
      if (best === undefined || size < best.size) best = { wrap, size };
    }
  }
  return best?.wrap;
}
