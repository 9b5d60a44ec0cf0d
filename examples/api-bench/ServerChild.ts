import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const SERVER = path.join(import.meta.dirname, 'serverProcess.ts');

/** How to start a `serverProcess.ts` besides its arguments. */
export interface ServerChildOptions {
  /** Node and V8 flags for the child (`--trace-deopt`, `--max-semi-space-size=…`), before `--import tsx`. */
  readonly nodeFlags?: readonly string[];
  /**
   * Receives each line the child prints on stdout that is not one of its JSON answers (V8's `--trace-*`
   * output goes there).
   * @default dropped
   */
  readonly otherLine?: (line: string) => void;
}

/** A running `serverProcess.ts`, and what it printed once listening. */
export class ServerChild<Info> {
  readonly info: Info;
  readonly #child: ChildProcess;
  readonly #lines: Interface;
  /** Emits `line` for each JSON line of the child's stdout (its answers). */
  readonly #answers: EventEmitter;

  private constructor(child: ChildProcess, lines: Interface, answers: EventEmitter, info: Info) {
    this.#child = child;
    this.#lines = lines;
    this.#answers = answers;
    this.info = info;
  }

  /** Starts `serverProcess.ts` with `args` and waits for its JSON line. */
  static async start<Info>(args: readonly string[], options: ServerChildOptions = {}): Promise<ServerChild<Info>> {
    const { nodeFlags = [], otherLine } = options;
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', SERVER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const answers = new EventEmitter();
    lines.on('line', (line) => (line.startsWith('{') ? answers.emit('line', line) : otherLine?.(line)));
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`serverProcess.ts ${args[0]} exited with code ${String(code)} before listening`);
    });
    const [line] = (await Promise.race([once(answers, 'line'), exited])) as [string];
    exited.catch(() => undefined);
    return new ServerChild(child, lines, answers, JSON.parse(line) as Info);
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
    const answer = once(this.#answers, 'line');
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
