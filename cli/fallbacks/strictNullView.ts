import path from 'node:path';
import type { CompilerHost, Program } from 'typescript';
import type { FitContext } from './FitContext.js';

/**
 * The project's program as `strictNullChecks: true` sees it, for judging fallbacks: with the option off, the
 * compiler drops `null` from every type (`User | null` is `User`) and takes `null` for any value, so it cannot
 * tell a fitting `[null]` from a misfit. A strict project is returned as it is; otherwise a second program is
 * made over the very same source files (same nodes, so a node of one is a node of the other), whose checker
 * only computes the types asked of it.
 */
export function strictNullView(context: Omit<FitContext, 'projectChecksNulls'>): FitContext {
  const { ts, program } = context;
  const options = program.getCompilerOptions();
  const checksNulls = options.strictNullChecks ?? options.strict ?? false;
  if (checksNulls) return { ...context, projectChecksNulls: true };
  const strictOptions = { ...options, strictNullChecks: true };
  const base = ts.createCompilerHost(strictOptions, true);
  // The standard library where the project's program found it (ts-morph serves its own copy, not from disk).
  const library = program.getSourceFiles().find((file) => program.isSourceFileDefaultLibrary(file));
  const host: CompilerHost = {
    ...base,
    ...(library === undefined ? {} : { getDefaultLibLocation: () => path.posix.dirname(library.fileName) }),
    getDefaultLibFileName: (options) => (library === undefined ? base.getDefaultLibFileName(options) : path.posix.join(path.posix.dirname(library.fileName), ts.getDefaultLibFileName(options))),
    getSourceFile: (fileName, languageVersion, onError, shouldCreate) =>
      program.getSourceFile(fileName) ?? base.getSourceFile(fileName, languageVersion, onError, shouldCreate),
  };
  const references = program.getProjectReferences();
  const strict: Program = ts.createProgram({
    rootNames: program.getRootFileNames(),
    options: strictOptions,
    host,
    oldProgram: program,
    ...(references === undefined ? {} : { projectReferences: references }),
  });
  return { ts, program: strict, checker: strict.getTypeChecker(), projectChecksNulls: false };
}
