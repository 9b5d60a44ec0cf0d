import fs from 'node:fs';
import path from 'node:path';
import type { FileChange } from './CodemodPlan.js';

/** A planned change to a file that is not under the project root once symlinks are resolved, or may not be (hard links). */
export interface OutsideChange {
  readonly fileName: string;
  /** Where writing it would land: the file's real path. */
  readonly realPath: string;
  /** How many names (hard links) the file has, when more than one: writing it changes it under all of them. */
  readonly hardLinks?: number;
}

/**
 * Splits planned changes into those under `root` (the tsconfig's directory) and those outside it once every
 * symlink is resolved: a file reached through `..` in the tsconfig's `include`, a symlinked file, or a file in
 * a symlinked folder. Writing those would change code that belongs to another project or package. A file with
 * more than one hard link counts as outside too: its other names cannot be found without searching the whole
 * file system, and writing it in place changes it under every name (a file hard-linked from a package store,
 * or from another checkout).
 */
export function partitionByProjectRoot(
  changes: readonly FileChange[],
  root: string,
): { readonly inside: readonly FileChange[]; readonly outside: readonly (FileChange & OutsideChange)[] } {
  const realRoot = fs.realpathSync(root);
  const inside: FileChange[] = [];
  const outside: (FileChange & OutsideChange)[] = [];
  for (const change of changes) {
    const realPath = fs.realpathSync(change.fileName);
    const relative = path.relative(realRoot, realPath);
    const links = fs.statSync(realPath).nlink;
    if (relative === '' || relative.startsWith(`..${path.sep}`) || relative === '..' || path.isAbsolute(relative)) outside.push({ ...change, realPath });
    else if (links > 1) outside.push({ ...change, realPath, hardLinks: links });
    else inside.push(change);
  }
  return { inside, outside };
}
