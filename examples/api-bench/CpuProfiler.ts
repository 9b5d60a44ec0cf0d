import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * V8's sampling CPU profiler on this process, through the inspector: started and stopped around the
 * part of a run to look at (the healthy saturated phase), unlike `--cpu-prof`, which covers the whole
 * life of the process, start-up included.
 */
export class CpuProfiler {
  #session: Session | undefined;

  /** Starts sampling (every millisecond, V8's default: a finer interval slows the process down noticeably). */
  async start(): Promise<void> {
    if (this.#session !== undefined) throw new Error('the CPU profiler is already running');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    this.#session = session;
  }

  /** Stops sampling and writes the profile to `file` (Chrome DevTools' `.cpuprofile` format). */
  async stopInto(file: string): Promise<void> {
    const session = this.#session;
    if (session === undefined) throw new Error('the CPU profiler is not running');
    this.#session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  }
}
