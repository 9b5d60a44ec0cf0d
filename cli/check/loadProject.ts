import fs from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import type { Program, SourceFile } from 'typescript';
import type { TypeScriptApi } from '../../detection/index.js';
import { UsageError } from '../UsageError.js';

/** A project loaded for checking: the program and the TypeScript copy that built it. */
export interface LoadedProject {
  /** ts-morph's bundled TypeScript, which built {@link program}. */
  readonly ts: TypeScriptApi;
  readonly program: Program;
  /** The tsconfig's own files (its `files`/`include`, not what they import from elsewhere), minus declaration files. */
  readonly sourceFiles: readonly SourceFile[];
  /** The tsconfig, absolute. */
  readonly tsconfigPath: string;
}

/** TypeScript's "No inputs were found in config file" diagnostic. */
const NO_INPUTS = 18003;

/**
 * Loads a tsconfig with ts-morph. `-p` may name the file or its directory, as with `tsc -p`.
 *
 * @throws UsageError when the tsconfig is missing, is not valid JSON, has invalid options, cannot read a
 *   file it `extends`, or matches no files.
 */
export function loadProject(project: string | undefined, cwd: string): LoadedProject {
  const given = path.resolve(cwd, project ?? 'tsconfig.json');
  const tsconfigPath = fs.existsSync(given) && fs.statSync(given).isDirectory() ? path.join(given, 'tsconfig.json') : given;
  const shown = path.relative(cwd, tsconfigPath) || tsconfigPath;
  if (!fs.existsSync(tsconfigPath)) {
    throw new UsageError(`tsconfig not found: ${shown}${project === undefined ? ' (pass -p path/to/tsconfig.json)' : ''}`);
  }
  const read = ts.readConfigFile(tsconfigPath, (file) => ts.sys.readFile(file));
  if (read.error !== undefined) throw new UsageError(`${shown} is not a valid tsconfig: ${diagnosticText(read.error)}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  if (parsed.errors.length > 0) {
    const detail = parsed.errors.map(diagnosticText).join('; ');
    const what = parsed.errors.every((error) => error.code === NO_INPUTS) ? 'matches no source files' : 'is not a valid tsconfig';
    throw new UsageError(`${shown} ${what}: ${detail}`);
  }
  // ts-morph's own walk over imports is not needed: the program below follows them across files anyway.
  const tsMorphProject = new Project({ tsConfigFilePath: tsconfigPath, skipFileDependencyResolution: true });
  // The one place the two compiler copies meet: ts-morph's bundled TypeScript has its own declaration
  // files, so its namespace and program are typed apart from the `typescript` package the detection core
  // is written against. The core never mixes them: it only touches this program through this namespace.
  const program = tsMorphProject.getProgram().compilerObject as unknown as Program;
  const ownFiles = new Set(parsed.fileNames.map((file) => path.resolve(file)));
  const sourceFiles = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && ownFiles.has(path.resolve(file.fileName)));
  return { ts: ts as unknown as TypeScriptApi, program, sourceFiles, tsconfigPath };
}

function diagnosticText(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}
