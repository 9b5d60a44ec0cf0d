import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Packing, and two npm installs of real packages into scratch projects, on a busy 2-core machine. */
export const PACKAGE_TEST_TIMEOUT = 600_000;

interface LockEntry {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/**
 * The names of every package a production install of this package brings, read from the repository's
 * package-lock.json: its `dependencies`, then theirs (and their required peers), as npm resolves them
 * (nested `node_modules` first, then up the tree).
 */
export function runtimeClosure(root: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Readonly<Record<string, LockEntry>> };
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Readonly<Record<string, string>> };
  const names = new Set<string>();
  const visited = new Set<string>();
  const visit = (from: string, name: string): void => {
    let base = from;
    for (;;) {
      const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
      const entry = lock.packages[candidate];
      if (entry !== undefined) {
        names.add(name);
        if (visited.has(candidate)) return;
        visited.add(candidate);
        const peers = Object.keys(entry.peerDependencies ?? {}).filter((peer) => entry.peerDependenciesMeta?.[peer]?.optional !== true);
        for (const dependency of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers]) visit(candidate, dependency);
        return;
      }
      if (base === '') throw new Error(`package-lock.json: ${name} (needed by ${from || 'the package'}) is not locked`);
      const parent = base.lastIndexOf('/node_modules/');
      base = parent === -1 ? '' : base.slice(0, parent);
    }
  };
  for (const name of Object.keys(manifest.dependencies)) visit('', name);
  return [...names].sort();
}

/** `{ name: version }` for each of `names`, at the exact version installed in the repository. */
export function toolingVersions(root: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [name, (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version]),
  );
}

/** What a child process did. */
export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` in `cwd` with `node` first on the PATH (npm, npx and `#!/usr/bin/env node` bins use it;
 * default: the Node running this code). Never rejects: the exit status is in the result.
 */
export function run(command: string, args: readonly string[], cwd: string, node = process.execPath): Promise<Run> {
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env['PATH'] ?? ''}`, NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** {@link run}, throwing with the output when the exit status is not 0. */
export async function succeed(command: string, args: readonly string[], cwd: string, node = process.execPath): Promise<Run> {
  const result = await run(command, args, cwd, node);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  return result;
}

/** The tarball `npm pack` made, and the files npm put in it. */
export interface PackedPackage {
  readonly tarball: string;
  readonly files: readonly string[];
}

/**
 * Packs the package as `npm pack` would after `prepack`: a fresh build (tsconfig.build.json) into a staging
 * copy of the package (package.json, README, LICENSE and the other entries of `files`), so the repository's
 * own dist/ is left alone; then `npm pack` there, which applies `files`. The tarball is written to `into`.
 */
export async function packFreshBuild(root: string, into: string): Promise<PackedPackage> {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: readonly string[] };
  const stage = path.join(into, 'stage');
  mkdirSync(stage);
  for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files.filter((file) => file !== 'dist')]) {
    cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  await succeed(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', path.join(stage, 'dist')], root);
  const packed = await succeed('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', into], stage);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: path.join(into, info.filename), files: info.files.map((file) => file.path).sort() };
}

/** `npm install` from the npm cache first: the registry is asked only for what the cache lacks. */
export const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'] as const;

/** The packages installed in `directory`'s node_modules, nested ones included, by name. */
export function installedPackages(directory: string): string[] {
  const names = new Set<string>();
  const walk = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const scoped = entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
      for (const name of scoped) {
        names.add(name);
        walk(path.join(modules, name, 'node_modules'));
      }
    }
  };
  walk(path.join(directory, 'node_modules'));
  return [...names].sort();
}
