import { runGitSafely } from './runGitSafely.js';

/**
 * How many paths `git status --porcelain` lists as changed or untracked in the work tree holding
 * `directory`; `undefined` when it is not in a git work tree (or git is not installed). Git runs without the
 * commands the repository configures (see {@link runGitSafely}).
 */
export function uncommittedChanges(directory: string): number | undefined {
  const status = runGitSafely(directory, ['status', '--porcelain', '--ignore-submodules=all']);
  if (status === undefined) return undefined;
  return status.stdout.split('\n').filter((line) => line.trim() !== '').length;
}
