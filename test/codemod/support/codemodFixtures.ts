import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../enforcement/support/paths.js';

/** The codemod's fixture projects: `<case>/input` and the expected `src` trees beside it. */
export const CODEMOD_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/codemod');

/**
 * Copies a fixture project to a fresh temporary directory outside the repository and makes it compile
 * there as it does in place: `field-dependency` mapped (tsconfig `paths`) to this repository's source,
 * `dataloader` linked from its node_modules. Returns the directory.
 */
export function copyFixtureProject(input: string, created: string[]): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `field-dependency-codemod-${path.basename(path.dirname(input))}-`));
  created.push(target);
  fs.cpSync(input, target, { recursive: true });
  const tsconfigPath = path.join(target, 'tsconfig.json');
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8')) as { compilerOptions: { paths?: Record<string, string[]> } };
  tsconfig.compilerOptions.paths = { ...tsconfig.compilerOptions.paths, 'field-dependency': [path.join(REPO_ROOT, 'src/index.ts')] };
  fs.writeFileSync(tsconfigPath, `${JSON.stringify(tsconfig, null, 2)}\n`);
  fs.mkdirSync(path.join(target, 'node_modules'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/dataloader'), path.join(target, 'node_modules/dataloader'), 'dir');
  return target;
}

/** Every file under `<directory>/src`, by path relative to `directory` (`/`-separated), with its content. */
export function readSourceTree(directory: string): Readonly<Record<string, string>> {
  const tree: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(directory, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else tree[child] = fs.readFileSync(path.join(directory, child), 'utf8');
    }
  };
  walk('src');
  return tree;
}

/** Removes the directories {@link copyFixtureProject} created. */
export function removeAll(created: string[]): void {
  for (const directory of created.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
}
