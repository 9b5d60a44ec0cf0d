import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which CPUs the API under test gets, and which the rest (upstreams, load generator) share. */
export interface CpuPinning {
  /** A `taskset` CPU list for the API processes: the last CPU. */
  readonly api: string;
  /** A `taskset` CPU list for everything else: the other CPUs. */
  readonly rest: string;
}

/**
 * Gives the API processes a CPU of their own, so that the upstreams and the load generator do not take
 * turns with them on the same core (on a 2-core machine that made CPU per request swing by ±30% from
 * round to round). `undefined` (no pinning) with fewer than 2 CPUs or without `taskset` (util-linux).
 * Pins the calling process (the load generator) to `rest`.
 */
export function cpuPinning(): CpuPinning | undefined {
  const count = availableParallelism();
  if (count < 2 || process.platform !== 'linux') return undefined;
  const rest = count === 2 ? '0' : `0-${count - 2}`;
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', rest, String(process.pid)], { stdio: 'ignore' });
  if (pinned.error !== undefined || pinned.status !== 0) return undefined;
  return { api: String(count - 1), rest };
}
