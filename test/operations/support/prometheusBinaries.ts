import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path of Debian's `promtool` or `prometheus` (package `prometheus`): `$PROMTOOL` / `$PROMETHEUS`
 * when set, else the one on PATH. Throws when it is missing, so the tests fail (never skip) on a machine
 * without it: CI installs the package.
 */
export function prometheusBinary(name: 'promtool' | 'prometheus'): string {
  const override = process.env[name.toUpperCase()];
  if (override !== undefined && override !== '') {
    if (!existsSync(override)) throw new Error(`$${name.toUpperCase()} is ${override}, which does not exist`);
    return override;
  }
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, name);
    if (directory !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH: install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does`);
}

/** The output of `promtool <args>`; `status` 0 on success. */
export interface PromtoolRun {
  readonly status: number;
  readonly output: string;
}

/** Runs promtool, capturing stdout and stderr together. */
export function runPromtool(args: readonly string[], cwd?: string): PromtoolRun {
  try {
    const output = execFileSync(prometheusBinary('promtool'), args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number | null; stdout?: string; stderr?: string };
    if (typeof failed.status !== 'number') throw error;
    return { status: failed.status, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
