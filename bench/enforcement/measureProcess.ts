import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One run of a command: its exit status, output, wall time and (where measurable) peak memory. */
export interface ProcessMeasurement {
  readonly status: number | null;
  readonly stdout: string;
  readonly wallSeconds: number;
  /** Peak resident set size in MiB, from `/usr/bin/time -v`; `undefined` where that tool is missing. */
  readonly peakRssMiB: number | undefined;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `command args…` in `cwd` to completion, under `/usr/bin/time -v` when present to read its peak RSS. */
export function measureProcess(command: string, args: readonly string[], cwd: string): ProcessMeasurement {
  const timed = fs.existsSync(GNU_TIME);
  const started = performance.now();
  const result = timed
    ? spawnSync(GNU_TIME, ['-v', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(command, [...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.error !== undefined) throw result.error;
  const maxRssKiB = timed ? /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] : undefined;
  return {
    status: result.status,
    stdout: result.stdout,
    wallSeconds,
    peakRssMiB: maxRssKiB === undefined ? undefined : Number(maxRssKiB) / 1024,
  };
}
