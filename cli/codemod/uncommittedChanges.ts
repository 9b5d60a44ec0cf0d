import { spawnSync } from 'node:child_process';

/**
 * How many paths `git status --porcelain` lists as changed or untracked in the work tree holding
 * `directory`; `undefined` when it is not in a git work tree (or git is not installed).
 */
export function uncommittedChanges(directory: string): number | undefined {
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: directory, encoding: 'utf8' });
  if (status.error !== undefined || status.status !== 0) return undefined;
  return status.stdout.split('\n').filter((line) => line.trim() !== '').length;
}
