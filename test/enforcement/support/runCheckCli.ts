import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

/** What a CLI process left behind. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLI_MAIN = path.join(REPO_ROOT, 'cli/main.ts');

/** Spawns the real CLI (`node --import tsx cli/main.ts …`) in `cwd` and waits for it to exit. */
export function runCliProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', TSX, CLI_MAIN, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}
