import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Where the numbers were taken: Node version, CPU model, cores, OS. */
export function describeMachine(): string {
  return `Node ${process.version}, ${cpuModel()}, ${os.availableParallelism()} cores, ${osName()} (${os.arch()}), load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
}

function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown CPU';
}

/** `PRETTY_NAME` from /etc/os-release on Linux, else the kernel's name and release. */
function osName(): string {
  try {
    const prettyName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (prettyName !== undefined) return prettyName;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}
