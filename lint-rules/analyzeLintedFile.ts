import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { Program, SourceFile } from 'typescript';
import { createDetector, type Detector, type FileAnalysis, type Finding } from '../detection/index.js';

/** A detector for one program and what it found, per file: a new program (any file edited) starts afresh. */
interface ProgramAnalyses {
  readonly detector: Detector;
  /** Per file of this program; TypeScript reuses unchanged `SourceFile` objects across programs, so never share this. */
  readonly byFile: WeakMap<SourceFile, FileAnalysis>;
}

const byProgram = new WeakMap<Program, ProgramAnalyses>();

/**
 * Runs the shared detection core on the file being linted, once per file and program however many rules
 * ask, with the program typescript-eslint built (typed linting: `parserOptions.projectService`).
 *
 * @throws Error from typescript-eslint, explaining how to enable typed linting, when there is no program.
 */
export function analyzeLintedFile(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const services = ESLintUtils.getParserServices(context);
  const file = services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast);
  let analyses = byProgram.get(services.program);
  if (analyses === undefined) {
    analyses = { detector: createDetector(ts, services.program), byFile: new WeakMap() };
    byProgram.set(services.program, analyses);
  }
  let analysis = analyses.byFile.get(file);
  if (analysis === undefined) {
    analysis = analyses.detector.analyze(file);
    analyses.byFile.set(file, analysis);
  }
  return analysis;
}

/** Reports a core finding through ESLint, with its suggestion (if any) as an ESLint suggestion. */
export function reportFinding<MessageIds extends string>(
  context: Readonly<TSESLint.RuleContext<MessageIds, readonly unknown[]>>,
  finding: Finding & { readonly messageId: MessageIds },
): void {
  const suggestion = finding.suggestion;
  context.report({
    messageId: finding.messageId,
    data: finding.data,
    loc: {
      start: { line: finding.start.line, column: finding.start.column - 1 },
      end: { line: finding.end.line, column: finding.end.column - 1 },
    },
    suggest:
      suggestion === undefined
        ? null
        : [
            {
              messageId: suggestion.messageId as MessageIds,
              fix: (fixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
            },
          ],
  });
}
