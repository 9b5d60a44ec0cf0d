/**
 * Runs the real TypeScript compiler, 5.9 (`typescript`) and 6.0 (`typescript-6.0`), over the type tests in
 * this folder (`*.test-d.ts`), once as TC39 decorators and once as `experimentalDecorators`; 5.0
 * (`typescript-5.0`, the oldest the docs support) against the published declarations in dist/ (as users
 * on 5.0 get them: the sources use newer TypeScript, e.g. decorator `context.metadata` from 5.2); and 7
 * (`typescript-7`, the native compiler, which has no compiler API: its `tsc` is run as users run it) against
 * the published declarations too. Needs `npm run build` first, as `npm test` does.
 *
 * 1. With the files as written there must be no diagnostic at all. An unused `@ts-expect-error` is itself
 *    an error, so every expected compile error is proven to happen.
 * 2. With every `@ts-expect-error` disabled, each one must turn into an error on the line below it, with
 *    the message its `[tag]` names (a fallback mismatch must fail as a `FallbackTypeMismatch`, not as some
 *    unrelated typo), and there must be no error anywhere else.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import typescript59 from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type TypeScript = typeof typescript59;
type Program = import('typescript').Program;
type Diagnostic = import('typescript').Diagnostic;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const typescript50 = require('typescript-5.0') as TypeScript;
const typescript60 = require('typescript-6.0') as TypeScript;

/** Each compiler, and whether it checks the type tests against the built declarations instead of the sources. */
const compilers = [
  { name: 'TypeScript 5.0', ts: typescript50, version: '5.0', declarations: true },
  { name: 'TypeScript 5.9', ts: typescript59, version: '5.9', declarations: false },
  { name: 'TypeScript 6.0', ts: typescript60, version: '6.0', declarations: false },
] as const;

/** `paths` that resolve the package's entry points to the declarations `npm run build` wrote, as a user's compiler sees them. */
const BUILT_DECLARATIONS: Readonly<Record<string, string[]>> = {
  'field-dependency': [resolve(here, '../../dist/src/index.d.ts')],
  'field-dependency/testing': [resolve(here, '../../dist/src/testing/index.d.ts')],
};
/**
 * Each decorator mode checks the shared `*.test-d.ts` files and its own (`*.tc39.test-d.ts`, `*.legacy.test-d.ts`)
 * with `strict` on; the `strictNullChecks` off modes check the `*.loose.test-d.ts` files, in both decorator modes.
 */
const modes = [
  { name: 'TC39 decorators', config: 'tsconfig.tc39.json', experimentalDecorators: false, strictNullChecks: true, checks: (file: string) => !/\.(legacy|loose)\.test-d\.ts$/.test(file) },
  { name: 'experimentalDecorators', config: 'tsconfig.legacy.json', experimentalDecorators: true, strictNullChecks: true, checks: (file: string) => !/\.(tc39|loose)\.test-d\.ts$/.test(file) },
  { name: 'TC39 decorators, strict: false', config: 'tsconfig.loose.tc39.json', experimentalDecorators: false, strictNullChecks: false, checks: (file: string) => file.endsWith('.loose.test-d.ts') },
  { name: 'experimentalDecorators, strict: false', config: 'tsconfig.loose.legacy.json', experimentalDecorators: true, strictNullChecks: false, checks: (file: string) => file.endsWith('.loose.test-d.ts') },
] as const;

/** What the error disabled by a `// @ts-expect-error [tag]` must say. */
const EXPECTED_MESSAGES: Readonly<Record<string, string>> = {
  mismatch: 'FallbackTypeMismatch<',
  keys: 'AlignedKeysMismatch',
  owner: "Property 'owner' is missing",
  arguments: 'Expected 2 arguments, but got 1',
  option: 'is not assignable to type',
  'unknown-option': "does not exist in type 'FieldDependencyOptions",
  type: "is not assignable to parameter of type 'FallbackType'",
  'not-a-function': 'is not assignable to parameter of type',
  'not-a-method': 'Unable to resolve signature of',
};
/**
 * Other wordings a compiler uses for the same error. TypeScript 5.0 elaborates a two-element `[T]` against
 * the one-element tuple by naming the extra element (`Type 'SetConstructor' is not assignable to type
 * 'undefined'`) where later versions name `FallbackType`.
 */
const OTHER_WORDINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '5.0': { type: "is not assignable to type 'undefined'" },
};
const DIRECTIVE = /\/\/ @ts-expect-error(?: \[([\w-]+)\])?/;
const DISABLED_DIRECTIVE = '@ts-expect-error';
const DISABLED_REPLACEMENT = '@ts-disabled-err'; // same length: positions stay put

interface Directive {
  readonly file: string;
  /** 1-based line of the code the directive applies to. */
  readonly line: number;
  readonly tag: string | undefined;
}

const typeTestFiles = readdirSync(here)
  .filter((name) => name.endsWith('.test-d.ts'))
  .map((name) => join(here, name));

const directives: Directive[] = typeTestFiles.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index): Directive[] => {
      const match = DIRECTIVE.exec(text);
      return match === null ? [] : [{ file, line: index + 2, tag: match[1] }];
    }),
);

function createProgram(ts: TypeScript, config: string, disableDirectives: boolean, declarations: boolean): Program {
  const configPath = join(here, config);
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  if (parsed.errors.length > 0) throw new Error(format(ts, parsed.errors));
  if (declarations) {
    for (const [entry, [file = '']] of Object.entries(BUILT_DECLARATIONS)) {
      if (!existsSync(file)) throw new Error(`${file} (${entry}) is missing: run \`npm run build\` before these tests`);
    }
  }
  const options = declarations ? { ...parsed.options, paths: BUILT_DECLARATIONS } : parsed.options;
  const host = ts.createCompilerHost(options, true);
  if (disableDirectives) {
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => {
      const text = readFile(fileName);
      return text !== undefined && isTypeTest(fileName) ? text.replaceAll(DISABLED_DIRECTIVE, DISABLED_REPLACEMENT) : text;
    };
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (!isTypeTest(fileName)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      const text = host.readFile(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
    };
  }
  return ts.createProgram({ rootNames: parsed.fileNames, options, host, projectReferences: parsed.projectReferences ?? [] });
}

function isTypeTest(fileName: string): boolean {
  return resolve(fileName).startsWith(here) && fileName.endsWith('.test-d.ts');
}

function format(ts: TypeScript, diagnostics: readonly Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

/** One error as a compiler reports it: the file's absolute path, the 1-based line, the whole message. */
interface ReportedError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The directives whose error is missing (none on their line, or none with the message their tag names, in this
 * compiler `version`'s wording), and the errors no directive expects.
 */
function compareWithDirectives(expected: readonly Directive[], errors: readonly ReportedError[], version: string): { missing: string[]; unexpected: string[] } {
  const missing = expected
    .filter(({ file, line, tag }) => {
      const messages = [EXPECTED_MESSAGES[tag ?? ''] ?? '\u0000', OTHER_WORDINGS[version]?.[tag ?? ''] ?? '\u0000'];
      return !errors.some((error) => error.file === file && error.line === line && messages.some((message) => error.message.includes(message)));
    })
    .map(({ file, line, tag }) => `${file.slice(here.length + 1)}:${line} [${tag}]`);
  const unexpected = errors
    .filter((error) => !expected.some((directive) => directive.file === error.file && directive.line === error.line))
    .map((error) => `${error.file}:${error.line} ${error.message}`);
  return { missing, unexpected };
}

it('finds the type tests and their expected errors', () => {
  expect(typeTestFiles.map((file) => file.slice(here.length + 1)).sort()).toEqual([
    'decorators.tc39.test-d.ts',
    'decorators.test-d.ts',
    'nullChecksOff.loose.test-d.ts',
    'wrapper.test-d.ts',
  ]);
  expect(directives.length).toBeGreaterThanOrEqual(40);
  // Every directive names the error it expects, with a known tag.
  expect(directives.filter((directive) => directive.tag === undefined || !(directive.tag in EXPECTED_MESSAGES))).toEqual([]);
  for (const tag of ['mismatch', 'keys', 'owner']) {
    for (const file of typeTestFiles) expect(directives.some((directive) => directive.file === file && directive.tag === tag)).toBe(true);
  }
});

describe.each(compilers)('$name', ({ ts, version, declarations }) => {
  describe.each(modes)('$name', ({ config, experimentalDecorators, strictNullChecks, checks }) => {
    const files = typeTestFiles.filter(checks);
    const expected = directives.filter((directive) => files.includes(directive.file));
    let program: Program;

    beforeAll(() => {
      program = createProgram(ts, config, false, declarations);
    }, 120_000);

    it('checks every type test in the right decorator mode', () => {
      expect(ts.version.slice(0, 3)).toBe(version);
      expect(program.getCompilerOptions().experimentalDecorators ?? false).toBe(experimentalDecorators);
      expect(program.getCompilerOptions().strictNullChecks ?? program.getCompilerOptions().strict ?? false).toBe(strictNullChecks);
      const roots = program.getRootFileNames().map((file) => resolve(file));
      expect(roots.filter((file) => file.startsWith(here)).sort()).toEqual([...files].sort());
    });

    it('compiles with no diagnostics, so every @ts-expect-error is used', () => {
      const diagnostics = ts.getPreEmitDiagnostics(program);
      expect(format(ts, diagnostics)).toBe('');
    });

    it('reports, with the directives disabled, exactly the expected errors, each with its message', () => {
      const disabled = createProgram(ts, config, true, declarations);
      const errors = ts.getPreEmitDiagnostics(disabled).map((diagnostic) => {
        const file = diagnostic.file;
        const line = file === undefined || diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
        return { file: file === undefined ? '' : resolve(file.fileName), line, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') };
      });
      expect(compareWithDirectives(expected, errors, version)).toEqual({ missing: [], unexpected: [] });
    }, 120_000);
  });
});


/**
 * The errors in `tsc`'s plain output (`file(line,col): error TSnnnn: message`, continuation lines indented),
 * with file names resolved against `directory`.
 */
function parseTscOutput(output: string, directory: string): ReportedError[] {
  const errors: { file: string; line: number; message: string }[] = [];
  for (const text of output.split('\n')) {
    const match = /^(.+)\((\d+),\d+\): error (TS\d+: .*)$/.exec(text);
    if (match !== null) errors.push({ file: resolve(directory, match[1] as string), line: Number(match[2]), message: match[3] as string });
    else if (/^\s+\S/.test(text) && errors.length > 0) (errors.at(-1) as { message: string }).message += `\n${text.trim()}`;
  }
  return errors;
}

describe('TypeScript 7 (native `tsc`, against the published declarations)', () => {
  const tsc = join(dirname(require.resolve('typescript-7/package.json')), 'bin/tsc');
  const scratch = resolve(here, '../../.scratch', `typescript-7-${process.pid}`);
  const runTsc = async (project: string): Promise<string> => {
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: dirname(project), maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: unknown) => error as { stdout: string; stderr: string },
    );
    return `${result.stdout}${result.stderr}`;
  };
  /** A tsconfig extending the mode's, checking `files` against the declarations `npm run build` wrote. */
  const writeProject = (name: string, config: string, files: readonly string[]): string => {
    const directory = join(scratch, name);
    mkdirSync(directory, { recursive: true });
    const project = join(directory, 'tsconfig.json');
    writeFileSync(project, JSON.stringify({ extends: join(here, config), compilerOptions: { paths: BUILT_DECLARATIONS }, files, include: [] }));
    return project;
  };

  beforeAll(() => {
    for (const [entry, [file = '']] of Object.entries(BUILT_DECLARATIONS)) {
      if (!existsSync(file)) throw new Error(`${file} (${entry}) is missing: run \`npm run build\` before these tests`);
    }
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is TypeScript 7', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '--version']);
    expect(stdout).toMatch(/^Version 7\./);
  });

  describe.each(modes)('$name', ({ name, config, checks }) => {
    const files = typeTestFiles.filter(checks);
    const expected = directives.filter((directive) => files.includes(directive.file));
    const slug = name.replace(/\W+/g, '-');

    it('compiles with no diagnostics, so every @ts-expect-error is used', async () => {
      const output = await runTsc(writeProject(`${slug}-as-written`, config, files));
      expect(output).toBe('');
    }, 120_000);

    it('reports, with the directives disabled, exactly the expected errors, each with its message', async () => {
      const directory = join(scratch, `${slug}-disabled`);
      mkdirSync(directory, { recursive: true });
      // The copies keep their names, so an error in a copy maps back to the original file and line.
      const copies = new Map(files.map((file) => [join(directory, file.slice(here.length + 1)), file]));
      for (const [copy, file] of copies) writeFileSync(copy, readFileSync(file, 'utf8').replaceAll(DISABLED_DIRECTIVE, DISABLED_REPLACEMENT));
      const output = await runTsc(writeProject(`${slug}-disabled`, config, [...copies.keys()]));
      const errors = parseTscOutput(output, directory).map((error) => ({ ...error, file: copies.get(error.file) ?? error.file }));
      expect(errors.length).toBeGreaterThan(0);
      expect(compareWithDirectives(expected, errors, '7')).toEqual({ missing: [], unexpected: [] });
    }, 120_000);
  });
});
