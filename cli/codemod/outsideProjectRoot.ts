import fs from 'node:fs';
import path from 'node:path';
import type { FileChange } from './CodemodPlan.js';

/** A planned change to a file that is not under the project root once symlinks are resolved. */
export interface OutsideChange {
  readonly fileName: string;
  /** Where writing it would land: the file's real path. */
  readonly realPath: string;
}

/**
 * Splits planned changes into those under `root` (the tsconfig's directory) and those outside it once every
 * symlink is resolved: a file reached through `..` in the tsconfig's `include`, a symlinked file, or a file in
 * a symlinked folder. Writing those would change code that belongs to another project or package.
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
    if (relative === '' || relative.startsWith(`..${path.sep}`) || relative === '..' || path.isAbsolute(relative)) outside.push({ ...change, realPath });
    else inside.push(change);
  }
  return { inside, outside };
}
