import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const SERVER = path.join(import.meta.dirname, 'serverProcess.ts');

/** A running `serverProcess.ts`, and what it printed once listening. */
export class ServerChild<Info> {
  readonly info: Info;
  readonly #child: ChildProcess;
  readonly #lines: Interface;

  private constructor(child: ChildProcess, lines: Interface, info: Info) {
    this.#child = child;
    this.#lines = lines;
    this.info = info;
  }

  /** Starts `serverProcess.ts` with `args` and waits for its JSON line. */
  static async start<Info>(args: readonly string[]): Promise<ServerChild<Info>> {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`serverProcess.ts ${args[0]} exited with code ${String(code)} before listening`);
    });
    const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string];
    exited.catch(() => undefined);
    return new ServerChild(child, lines, JSON.parse(line) as Info);
  }

  /** The process id (to pin it to CPUs, see `pinProcess`). */
  get pid(): number {
    return this.#child.pid as number;
  }

  /** The CPU time (user and system) the process has used so far, in microseconds. */
  async cpuMicros(): Promise<number> {
    return ((await this.#command('cpu')) as { cpuMicros: number }).cpuMicros;
  }

  /** Starts V8's CPU profiler in the process. */
  async startProfile(): Promise<void> {
    await this.#command('profile-start');
  }

  /** Stops the process's CPU profiler and has it write the profile to `file`. */
  async stopProfile(file: string): Promise<void> {
    await this.#command(`profile-stop ${file}`);
  }

  async #command(line: string): Promise<unknown> {
    const answer = once(this.#lines, 'line');
    this.#child.stdin?.write(`${line}\n`);
    const [reply] = (await answer) as [string];
    const parsed = JSON.parse(reply) as { error?: string };
    if (parsed.error !== undefined) throw new Error(`serverProcess.ts: ${parsed.error}`);
    return parsed;
  }

  /** Asks the process to close everything, and waits until it has exited. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.stdin?.end();
    await exited;
    this.#lines.close();
  }
}
