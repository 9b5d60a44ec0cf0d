import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { FileChange } from './CodemodPlan.js';

/**
 * The changes as one unified diff, `a/`/`b/` paths relative to `cwd`, three lines of context: what `git diff`
 * prints, so `git apply` (run from `cwd`) takes it.
 */
export function formatUnifiedDiff(changes: readonly FileChange[], cwd: string): string {
  return changes
    .map((change) => {
      const relative = path.relative(cwd, change.fileName).split(path.sep).join('/');
      const patch = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, change.before, change.after, undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      });
      return `diff --git a/${relative} b/${relative}\n${patch}`;
    })
    .join('');
}
