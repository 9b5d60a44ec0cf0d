import type { SourceFile } from 'typescript';
import type { LoadedProject } from '../check/loadProject.js';
import type { SkippedFile } from './CodemodPlan.js';

/** The project's files that do not parse, each with its first syntax error: the codemod leaves them alone. */
export function unparsableFiles(project: LoadedProject): ReadonlyMap<SourceFile, SkippedFile> {
  const { ts, program } = project;
  const unparsable = new Map<SourceFile, SkippedFile>();
  for (const file of project.sourceFiles) {
    const [first] = program.getSyntacticDiagnostics(file);
    if (first === undefined) continue;
    const { line, character } = file.getLineAndCharacterOfPosition(first.start ?? 0);
    unparsable.set(file, { fileName: file.fileName, line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') });
  }
  return unparsable;
}
