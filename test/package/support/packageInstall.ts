import { readFileSync } from 'node:fs';
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
