/**
 * The package as a CommonJS consumer gets it: the built `dist/` packed with `npm pack` (so `files` and the
 * `exports` map are what is tested), unpacked into a temporary project's node_modules beside links to its
 * runtime `dependencies` only, then `require()`d by plain `node` without flags (Node >= 20.19 loads ESM
 * through `require`).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const typescript60 = createRequire(import.meta.url)('typescript-6.0') as typeof ts;
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

interface PackageJson {
  readonly version: string;
  readonly engines: { readonly node: string };
  readonly dependencies: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly bin: Readonly<Record<string, string>>;
}
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/**
 * The outputs `tsconfig.build.json` would write, for each of its inputs; the build is needed when one is
 * missing or older than its source (`npm test` builds first, so then nothing is rebuilt).
 */
function buildIsStale(): boolean {
  const configPath = join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  const outDir = parsed.options.outDir ?? join(root, 'dist');
  const rootDir = parsed.options.rootDir ?? root;
  return parsed.fileNames
    .filter((file) => !file.endsWith('.d.ts'))
    .some((file) => {
      const output = join(outDir, relative(rootDir, file)).replace(/\.([cm]?)ts$/, '.$1js');
      return !existsSync(output) || statSync(output).mtimeMs < statSync(file).mtimeMs;
    });
}

let consumer: string;
let packed: string;

beforeAll(async () => {
  if (buildIsStale()) await run('npm', ['run', 'build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });

  consumer = mkdtempSync(join(tmpdir(), 'field-dependency-consumer-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumer], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = JSON.parse(stdout) as [{ filename: string }];
  const modules = join(consumer, 'node_modules');
  packed = join(modules, 'field-dependency');
  mkdirSync(packed, { recursive: true });
  await run('tar', ['-xzf', join(consumer, tarball.filename), '-C', packed, '--strip-components=1']);
  // Only the declared runtime dependencies are installed beside it, as npm would for a consumer.
  for (const name of Object.keys(packageJson.dependencies)) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  }
  copyFileSync(join(fixtures, 'consumer.cjs'), join(consumer, 'consumer.cjs'));
  copyFileSync(join(fixtures, 'consumer.cts'), join(consumer, 'consumer.cts'));
  copyFileSync(join(fixtures, 'consumer-node10.ts'), join(consumer, 'consumer-node10.ts'));
  copyFileSync(join(fixtures, 'consumer-default-types.mts'), join(consumer, 'consumer-default-types.mts'));
  // The consumer's own @types/node, as any Node project has it (found through typeRoots' default,
  // node_modules/@types, but loaded only when a file references it: TypeScript 6 and 7 default `types` to []).
  mkdirSync(join(modules, '@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules/@types/node'), join(modules, '@types/node'), 'dir');
}, 300_000);

afterAll(() => {
  if (consumer !== undefined) rmSync(consumer, { recursive: true, force: true });
});

/** Compiler options of a consumer set up the TypeScript 6 and 7 way: no `types` (so `[]`), `skipLibCheck` off. */
const DEFAULT_TYPES_OPTIONS = { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false } as const;

/** Every file path the `exports` map and `bin` point to, with the condition that names it. */
function packageTargets(): [string, string][] {
  const targets: [string, string][] = [];
  for (const [entry, target] of Object.entries(packageJson.exports)) {
    if (typeof target === 'string') targets.push([`exports['${entry}']`, target]);
    else for (const [condition, path] of Object.entries(target)) targets.push([`exports['${entry}'].${condition}`, path]);
  }
  for (const [name, path] of Object.entries(packageJson.bin)) targets.push([`bin.${name}`, path]);
  return targets;
}

describe('the packed package', () => {
  it('declares the ESM entry points with types', () => {
    expect(packageJson.engines.node).toBe('>=20.19');
    for (const entry of ['.', './testing']) {
      expect(packageJson.exports[entry]).toEqual({ types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) });
    }
  });

  it.each(packageTargets())('contains %s (%s)', (_what, path) => {
    expect(existsSync(join(packed, path))).toBe(true);
  });
});

describe('a CommonJS consumer', () => {
  it('runs on a Node.js that loads ESM through require() without flags', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  it('requires field-dependency and field-dependency/testing, and a wrapped failing loader degrades', async () => {
    const { stdout, stderr } = await run(process.execPath, ['consumer.cjs'], { cwd: consumer });
    const output = JSON.parse(stdout) as Record<string, unknown>;

    // Resolved through the exports map of the installed copy, not the repository's sources.
    expect(output.resolved).toBe(join(packed, 'dist/src/index.js'));
    expect(output.resolvedTesting).toBe(join(packed, 'dist/src/testing/index.js'));
    expect(output.version).toBe(packageJson.version);
    expect(output.exportsFunctions).toEqual(
      expect.arrayContaining(['fieldDependency', 'degradationScope', 'currentDegradations', 'isFieldDependencyError', 'fieldDependencyExpress', 'fieldDependencyFastify', 'configure']),
    );
    expect(output.testingFunctions).toEqual(['injectFault', 'refreshDeciders', 'resetFieldDependencies', 'useFreshMetricsRegistry']);
    expect(output.page).toEqual({
      shopping: { isMap: true, size: 0 },
      counts: [2, null, 4],
      images: {
        isFieldDependencyError: true,
        code: expect.any(String),
        field: 'images',
        owner: 'images',
        reason: 'error',
        cause: 'images are down',
      },
      degraded: [
        { field: 'shopping', owner: 'shopping', reason: 'error' },
        { field: 'commentCounts', owner: 'comments', reason: 'partial' },
        { field: 'images', owner: 'images', reason: 'error' },
      ],
    });
    // The testing entry point shares the runtime's state: its injected fault reached the loader.
    expect(output.injectedFault).toEqual({ isMap: true, size: 0 });
    // Only the exports map's entry points can be required.
    expect(output.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(output.calls).toEqual(['commentCounts degraded 1', 'images failed 1', 'shopping degraded 2']);
    expect(output.endpointCalls).toEqual(['commentCounts /v3/pins/:id 1', 'images /v3/pins/:id 1', 'shopping /v3/pins/:id 1']);
    // Nothing else on stderr than, at most, Node's notice that require(esm) is experimental.
    expect(stderr.split('\n').filter((line) => line.trim() !== '' && !/ExperimentalWarning|--trace-warnings/.test(line))).toEqual([]);
  });

  // `"module": "commonjs"` without `moduleResolution` resolves like Node 10: no `exports`, only `types`
  // and `typesVersions`. Non-strict, as the projects that still have it often are.
  it('type-checks a consumer that resolves like Node 10 (module commonjs, strict off)', () => {
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      strict: false,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    };
    const program = ts.createProgram([join(consumer, 'consumer-node10.ts')], options);
    const text = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
      getCanonicalFileName: (fileName) => fileName,
      getCurrentDirectory: () => consumer,
      getNewLine: () => '\n',
    });
    expect(text).toBe('');
    for (const entry of ['dist/src/index.d.ts', 'dist/src/testing/index.d.ts', 'dist/src/graphql/index.d.ts']) {
      expect(program.getSourceFiles().some((file) => file.fileName === join(packed, entry))).toBe(true);
    }
  }, 120_000);

  // With `skipLibCheck: false`, as a strict consumer has it: every type the declarations import must be
  // installed with the package (its `dependencies`), not only in this repository's devDependencies.
  it('type-checks a CommonJS TypeScript consumer against the published declarations', () => {
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    };
    const program = ts.createProgram([join(consumer, 'consumer.cts')], options);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (fileName) => fileName,
      getCurrentDirectory: () => consumer,
      getNewLine: () => '\n',
    });
    expect(text).toBe('');
    // The declarations came from the installed copy.
    expect(program.getSourceFiles().some((file) => file.fileName === join(packed, 'dist/src/index.d.ts'))).toBe(true);
  }, 120_000);

  // TypeScript 6 and 7 default `types` to []: declarations that import `node:` modules must reference
  // Node's types themselves, or such a consumer gets TS2591 "Cannot find name 'node:http'" from them.
  it('type-checks a consumer with no `types` and skipLibCheck off on TypeScript 6.0 (the compiler API)', () => {
    const { options, errors } = typescript60.convertCompilerOptionsFromJson(DEFAULT_TYPES_OPTIONS, consumer);
    expect(errors).toEqual([]);
    expect(options.types).toBeUndefined();
    const program = typescript60.createProgram([join(consumer, 'consumer-default-types.mts')], options);
    const text = typescript60.formatDiagnostics(typescript60.getPreEmitDiagnostics(program), {
      getCanonicalFileName: (fileName) => fileName,
      getCurrentDirectory: () => consumer,
      getNewLine: () => '\n',
    });
    expect(text).toBe('');
    expect(program.getSourceFiles().some((file) => file.fileName === join(packed, 'dist/src/integrations/express.d.ts'))).toBe(true);
  }, 120_000);

  it('type-checks the same consumer with TypeScript 7 (the native compiler, run as users run it)', async () => {
    writeFileSync(join(consumer, 'tsconfig.default-types.json'), JSON.stringify({ compilerOptions: DEFAULT_TYPES_OPTIONS, files: ['consumer-default-types.mts'] }));
    const tsc = join(root, 'node_modules/typescript-7/bin/tsc');
    const { stdout: version } = await run(process.execPath, [tsc, '--version'], { cwd: consumer });
    expect(version).toMatch(/^Version 7\./);
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.default-types.json', '--listFiles'], { cwd: consumer }).catch((error: unknown) => error as { stdout: string; code: number });
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => /error TS\d+/.test(line))).toEqual([]);
    expect(lines).toContain(join(packed, 'dist/src/integrations/express.d.ts'));
  }, 120_000);
});
