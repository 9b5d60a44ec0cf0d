import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which CPUs the API under test gets, and which the rest (upstreams, load generator) share, as `taskset` CPU lists. */
export interface CpuPinning {
  /** The last CPU: the API processes (one measured at a time). */
  readonly api: string;
  /** The other CPUs: the upstreams and the load generator. */
  readonly rest: string;
  /** Every CPU: to undo the pinning. */
  readonly all: string;
}

/**
 * A plan to give the API processes a CPU of their own while their throughput is measured, so that the
 * upstreams and the load generator do not take turns with them, and the scheduler does not move them
 * between vCPUs of different speeds (on the 2-vCPU VM of BENCHMARKS.md one vCPU runs the same code
 * 1.7× slower than the other, and paired rounds swung from 68% to 152%). `undefined` with fewer than
 * 2 CPUs, off Linux, or without `taskset` (util-linux).
 */
export function cpuPinning(): CpuPinning | undefined {
  const count = availableParallelism();
  if (count < 2 || process.platform !== 'linux') return undefined;
  if (spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status !== 0) return undefined;
  return { api: String(count - 1), rest: count === 2 ? '0' : `0-${count - 2}`, all: `0-${count - 1}` };
}

/**
 * Runs process `pid` (all its threads) on `cpus` from now on.
 * @throws Error when `taskset` fails (the process is gone, or the list is not valid here).
 */
export function pinProcess(pid: number, cpus: string): void {
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { encoding: 'utf8' });
  if (pinned.status !== 0) throw new Error(`taskset -a -p -c ${cpus} ${pid} failed: ${pinned.stderr.trim() || pinned.error?.message}`);
}
