import { runCli } from '../../../cli/runCli.js';
import type { CliRun } from './runCheckCli.js';

/** Runs the CLI's entry function in this process, with `cwd` as its working directory, capturing output. */
export async function runCliInProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}
