import { cpus } from 'node:os';
import type { CpuPinning } from '../api-bench/cpuPinning.js';

/** The machine, Node, date, load and CPU pinning of a run, as one Markdown paragraph. */
export function machineLine(loadBefore: number, loadAfter: number, pinning: CpuPinning | undefined): string {
  const cpu = cpus();
  return (
    `**Machine, date**: Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
    `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; ` +
    (pinning === undefined ? 'processes not pinned to CPUs (the scheduler places them).' : `each API process on CPU ${pinning.api}, the upstreams and the load generator on CPU ${pinning.rest}.`)
  );
}
