import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import typescript59 from 'typescript';

type TypeScript = typeof typescript59;

/** The compilers the documentation's blocks are checked with: the project's TypeScript, and TypeScript 6.0. */
export const COMPILERS: readonly TypeScript[] = [typescript59, createRequire(import.meta.url)('typescript-6.0') as TypeScript];

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A fenced code block of a documentation page (README.md or docs/*.md). */
export interface CodeBlock {
  /** The page, repository-relative: `README.md`, `docs/options.md`, … */
  readonly file: string;
  /** The info string after the opening fence: `ts`, `sh`, `json`, … */
  readonly lang: string;
  /** The page's line (1-based) of the block's first code line. */
  readonly line: number;
  readonly code: string;
}

/** The first-line marker that compiles a `ts` block with `experimentalDecorators` instead of TC39 decorators. */
export const LEGACY_MARKER = /^\/\/ tsconfig: experimentalDecorators\b/;

/** Every fenced code block of `markdown`, the text of the page `file`, in order. */
export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = /^```(\S*)\s*$/.exec(lines[index] as string);
    if (opening === null) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] as string)) end++;
    if (end === lines.length) throw new Error(`${file}:${index + 1}: code block is never closed`);
    blocks.push({ file, lang: opening[1] ?? '', line: start + 1, code: lines.slice(start, end).join('\n') });
    index = end;
  }
  return blocks;
}

/** What compiling one block found. */
export interface BlockDiagnostics {
  readonly block: CodeBlock;
  /** Each diagnostic as `docs/page.md:line:column  TS1234: message`. */
  readonly messages: readonly string[];
}

/**
 * Compiles `blocks` (each its own module) with the real TypeScript compiler `ts` and the root
 * tsconfig.json's options — NodeNext, strict, `paths` for `field-dependency` and
 * `field-dependency/testing` — except that unused locals are allowed and the decorator mode is the
 * one asked for. Returns the diagnostics of each block, positioned at their page's line.
 */
export function compileBlocks(ts: TypeScript, blocks: readonly CodeBlock[], mode: 'tc39' | 'experimentalDecorators'): BlockDiagnostics[] {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const legacy = mode === 'experimentalDecorators';
  const options: import('typescript').CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    experimentalDecorators: legacy,
    emitDecoratorMetadata: legacy,
    moduleDetection: ts.ModuleDetectionKind.Force,
  };

  // Virtual files beside this test, so that module resolution and package.json "type" work as for real files.
  const files = new Map(blocks.map((block) => [path.join(ROOT, 'test', 'docs', `${block.file.replace(/\//g, '-')}.line-${block.line}.ts`), block] as const));
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const block = files.get(name);
    return block === undefined
      ? getSourceFile.call(host, name, languageVersion, ...rest)
      : ts.createSourceFile(name, block.code, languageVersion, true, ts.ScriptKind.TS);
  };

  const program = ts.createProgram([...files.keys()], options, host);
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  return [...files].map(([fileName, block]) => {
    const sourceFile = program.getSourceFile(fileName)!;
    const diagnostics = [...global, ...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    return { block, messages: diagnostics.map((diagnostic) => formatDiagnostic(ts, diagnostic, block)) };
  });
}

function formatDiagnostic(ts: TypeScript, diagnostic: import('typescript').Diagnostic, block: CodeBlock): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${block.file}:${block.line + line}:${character + 1}  TS${diagnostic.code}: ${message}`;
}

/** The names of the properties of `interfaceName`, declared in `file` (read with the TypeScript parser). */
export function interfaceProperties(file: string, interfaceName: string): string[] {
  const ts = typescript59;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = source.statements.find(
    (statement): statement is import('typescript').InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === interfaceName,
  );
  if (found === undefined) throw new Error(`${file}: no interface ${interfaceName}`);
  return found.members.flatMap((member) => (ts.isPropertySignature(member) && ts.isIdentifier(member.name) ? [member.name.text] : []));
}
