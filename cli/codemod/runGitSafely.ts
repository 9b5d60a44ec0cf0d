import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/**
 * Configuration that keeps `git` from running commands a repository configures: the fsmonitor hook
 * (`core.fsmonitor`, run by `git status`), hooks, a pager. Clean/smudge filter commands are switched off
 * per driver by {@link runGitSafely}, since their names are the repository's own.
 */
const SAFE_CONFIG = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'core.pager=cat', 'core.untrackedCache=false', 'status.submoduleSummary=false'];

/**
 * Runs a read-only `git` command in `directory` so that nothing the repository's configuration names as a
 * command can run: the codemod is pointed at projects it does not trust (a cloned pull request, a vendored
 * package). The system configuration is ignored (`GIT_CONFIG_NOSYSTEM`), optional locks are not taken, no
 * prompt is shown, and every filter driver the configuration declares gets empty, optional commands.
 * `undefined` when git is missing or fails.
 */
export function runGitSafely(directory: string, args: readonly string[]): SpawnSyncReturns<string> | undefined {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' };
  delete env['GIT_EXTERNAL_DIFF'];
  const run = (gitArgs: readonly string[]): SpawnSyncReturns<string> => spawnSync('git', [...gitArgs], { cwd: directory, encoding: 'utf8', env });
  const configOf = (settings: readonly string[]): string[] => settings.flatMap((setting) => ['-c', setting]);
  // Reading configuration runs nothing: list the filter drivers to switch off.
  const filters = run([...configOf(SAFE_CONFIG), 'config', '--get-regexp', '^filter\\.']);
  const drivers = new Set(
    (filters.status === 0 ? filters.stdout : '')
      .split('\n')
      .map((line) => /^filter\.(.+)\.[^.\s]+\s/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const filterSettings = [...drivers].flatMap((name) => [`filter.${name}.clean=`, `filter.${name}.smudge=`, `filter.${name}.process=`, `filter.${name}.required=false`]);
  const result = run(['--no-optional-locks', ...configOf([...SAFE_CONFIG, ...filterSettings]), ...args]);
  return result.error !== undefined || result.status !== 0 ? undefined : result;
}
