import path from 'node:path';
import type { CompilerHost, CompilerOptions, Program } from 'typescript';
import type { TypeScriptApi } from '../../detection/index.js';

/** What differs in a derived program. */
export interface ProgramChanges {
  /** Compiler options to set over the program's own. */
  readonly options?: CompilerOptions;
  /** New text for some of its files, by file name as the program spells it. */
  readonly texts?: ReadonlyMap<string, string>;
}

/**
 * A program over the same files as `program`, with other options or some files' text replaced. Every file
 * whose text is kept is the very same source file (its nodes shared, nothing parsed again), the standard library
 * is taken from where `program` found it (ts-morph serves its own copy, not from disk), and the old program's
 * module resolutions are reused where the options allow. Its checker computes only what is asked of it.
 */
export function deriveProgram(ts: TypeScriptApi, program: Program, changes: ProgramChanges): Program {
  const options = { ...program.getCompilerOptions(), ...changes.options };
  const base = ts.createCompilerHost(options, true);
  const library = program.getSourceFiles().find((file) => program.isSourceFileDefaultLibrary(file));
  const libraryDirectory = library === undefined ? undefined : path.posix.dirname(library.fileName);
  const host: CompilerHost = {
    ...base,
    ...(libraryDirectory === undefined
      ? {}
      : {
          getDefaultLibLocation: () => libraryDirectory,
          getDefaultLibFileName: (given: CompilerOptions) => path.posix.join(libraryDirectory, ts.getDefaultLibFileName(given)),
        }),
    getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
      const text = changes.texts?.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      return program.getSourceFile(fileName) ?? base.getSourceFile(fileName, languageVersion, onError, shouldCreate);
    },
  };
  const references = program.getProjectReferences();
  return ts.createProgram({
    rootNames: program.getRootFileNames(),
    options,
    host,
    oldProgram: program,
    ...(references === undefined ? {} : { projectReferences: references }),
  });
}
