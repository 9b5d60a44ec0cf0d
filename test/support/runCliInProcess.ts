import { runCli } from '../../cli/runCli.js';

/** What one CLI run printed and returned. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `field-dependency <args>` in this process through the real dispatcher, with `cwd` as its working directory, capturing its output. */
export async function runCliInProcess(args: readonly string[], cwd = process.cwd()): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}
