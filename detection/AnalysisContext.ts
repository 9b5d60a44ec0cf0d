import type { Node, Program, SourceFile, Symbol as TsSymbol, TypeChecker } from 'typescript';
import type { TypeScriptApi } from './TypeScriptApi.js';

/** Answers memoised for the lifetime of one program (symbols and nodes are stable within it). */
export interface DetectionMemo {
  readonly fieldDependencySymbols: Map<TsSymbol, boolean>;
  readonly decoratorSymbols: Map<TsSymbol, boolean>;
  readonly dataLoaderConstructors: Map<Node, boolean>;
  readonly exportedDeclarations: Map<SourceFile, ReadonlySet<Node>>;
}

/** What every detection step needs: the compiler copy that built the program, the program, its checker. */
export interface AnalysisContext {
  readonly ts: TypeScriptApi;
  readonly program: Program;
  readonly checker: TypeChecker;
  readonly memo: DetectionMemo;
}

/** A context for `program`, built by the TypeScript copy `ts` that created it. */
export function createAnalysisContext(ts: TypeScriptApi, program: Program): AnalysisContext {
  return {
    ts,
    program,
    checker: program.getTypeChecker(),
    memo: {
      fieldDependencySymbols: new Map(),
      decoratorSymbols: new Map(),
      dataLoaderConstructors: new Map(),
      exportedDeclarations: new Map(),
    },
  };
}

/** Whether a file is the project's own source (not a declaration file, not from node_modules). */
export function isProjectSource(context: AnalysisContext, file: SourceFile): boolean {
  return (
    !file.isDeclarationFile &&
    !context.program.isSourceFileFromExternalLibrary(file) &&
    !/[\\/]node_modules[\\/]/.test(file.fileName)
  );
}
