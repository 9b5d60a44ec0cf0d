import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../enforcement/support/paths.js';
import type { CliRun } from '../../enforcement/support/runCheckCli.js';

/** Runs the real `tsc --noEmit -p <project> [...extra]` of the `typescript` package and waits for it. */
export function runTsc(project: string, extra: readonly string[] = []): Promise<CliRun> {
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', project, ...extra], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}
