import type { Program, SourceFile } from 'typescript';
import { createAnalysisContext } from './AnalysisContext.js';
import { ConfigResolver } from './config/ConfigResolver.js';
import { collectCandidates } from './findings/collectCandidates.js';
import type { FileAnalysis } from './types/FileAnalysis.js';
import { applySuppressions } from './suppressions/applySuppressions.js';
import { suppressionCommentsOf } from './suppressions/suppressionComments.js';
import type { SuppressionComment } from './types/SuppressionComment.js';
import type { TypeScriptApi } from './TypeScriptApi.js';

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

/**
 * A detector for `program`, which must have been built by the TypeScript copy `ts` (the user's copy under
 * ESLint, ts-morph's in the CLI): both front ends run exactly this code, so they report the same loaders.
 * Per file: the loader criteria configured above it (config/), every candidate finding (findings/: loaders/
 * says what is a loader, wrapped/ what is wrapped, suggestions/ how to wrap it), then the suppression
 * comments (suppressions/).
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
      const criteria = configResolver.criteriaForFile(file.fileName);
      return applySuppressions(context, file, collectCandidates(context, file, criteria, commentsOf(file)), commentsOf);
    },
  };
}
