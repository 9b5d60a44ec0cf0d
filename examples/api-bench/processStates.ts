/**
 * Is a slow API round a slow process or a slow moment? Starts API processes one after another (each mode
 * in turn, `--processes` of each), pins each to the API CPU (see cpuPinning), warms it up with one
 * saturated round and measures `--rounds` more, printing each round's throughput and CPU per request
 * (the process's own user + system time). A process that lands in a slow state shows it in all its rounds;
 * machine noise moves single rounds of any process. Optionally with V8 flags for the API processes
 * (`--node-flags="--trace-deopt --trace-opt"`, their output written to `--out DIR`, one file per process,
 * with the rounds marked) and a CPU profile of each process's measured rounds (`--profile`, into `--out`).
 *
 *     node --import tsx examples/api-bench/processStates.ts -- [--modes library,handwritten] [--processes 3]
 *       [--rounds 4] [--seconds 5] [--connections 10] [--together] [--node-flags="…"] [--variant="name:flags" …] [--profile] [--out DIR]
 *
 * Each `--variant` runs every mode again with its own node flags besides `--node-flags` (e.g.
 * `--variant="semi1:--min-semi-space-size=1 --max-semi-space-size=1"`), its processes named `<mode>+<name>-<index>`.
 *
 * `--together` starts every process first and runs one round of each in turn (as `bench:api` does), so
 * that a slow minute of the machine hits neighbouring rounds of every process alike.
 *
 * Modes: `library`, `library-off` (breakers off), `naive`, `handwritten`. Prints one line per process to
 * stderr as it goes and a JSON summary on stdout.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';
import { BENCH_BREAKER } from './benchBreaker.js';
import { cpuPinning, pinProcess } from './cpuPinning.js';
import { medianOf } from './pairedRounds.js';
import { saturatedRun } from './saturatedRun.js';
import { ServerChild } from './ServerChild.js';
import { wholeNumberOptions } from './wholeNumberOptions.js';

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'library,handwritten' },
    processes: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    'node-flags': { type: 'string', default: '' },
    variant: { type: 'string', multiple: true, default: [] },
    profile: { type: 'boolean', default: false },
    together: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const { processes: PROCESSES, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS } = wholeNumberOptions(values, ['processes', 'rounds', 'seconds', 'connections']);
const ARGUMENTS = { library: ['library', JSON.stringify(BENCH_BREAKER)], 'library-off': ['library', 'off'], naive: ['naive', '-'], handwritten: ['handwritten', '-'] } as const;
type Mode = keyof typeof ARGUMENTS;
const modes = values.modes.split(',').map((mode) => mode.trim());
for (const mode of modes) {
  if (!(mode in ARGUMENTS)) {
    console.error(`--modes: unknown mode ${JSON.stringify(mode)}; use a comma-separated list of ${Object.keys(ARGUMENTS).join(', ')}`);
    process.exit(2);
  }
}
const flagsOf = (text: string) => text.split(/\s+/).filter((flag) => flag !== '');
const nodeFlags = flagsOf(values['node-flags']);
/** Each variant runs every mode with the common flags and its own (`--variant="semi1:--max-semi-space-size=1"`). */
interface Variant {
  readonly name: string;
  readonly flags: readonly string[];
}
const variants: Variant[] = values.variant.map((text) => {
  const colon = text.indexOf(':');
  if (colon < 1) {
    console.error(`--variant must be "<name>:<node flags>"; received ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return { name: text.slice(0, colon), flags: [...nodeFlags, ...flagsOf(text.slice(colon + 1))] };
});
if (variants.length === 0) variants.push({ name: '', flags: nodeFlags });
const OUT = values.out === undefined ? undefined : path.resolve(values.out);
const tracing = variants.some((variant) => variant.flags.length > 0);
if ((tracing || values.profile) && OUT === undefined) {
  console.error('--node-flags, --variant and --profile write files: give --out DIR');
  process.exit(2);
}
if (OUT !== undefined) await mkdir(OUT, { recursive: true });
const pinning = cpuPinning();
const log = (message: string) => console.error(`[processStates] ${message}`);
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');

/** One process's rounds: requests per second and CPU µs per request, in order. */
interface ProcessRounds {
  readonly mode: Mode;
  readonly index: number;
  readonly variant: string;
  readonly requestsPerSecond: number[];
  readonly cpuMicrosPerRequest: number[];
  readonly loadBefore: string;
  readonly loadAfter: string;
}

const upstreams = await ServerChild.start<{ urls: UpstreamUrls }>(['upstreams']);
const urls = JSON.stringify(upstreams.info.urls);
if (pinning !== undefined) for (const pid of [upstreams.pid, process.pid]) pinProcess(pid, pinning.rest);
log(
  `node ${process.version}, ${modes.join(', ')}: ${PROCESSES} process(es) each, ${ROUNDS} rounds of ${SECONDS} s after one warm-up round, ` +
    `${values.together ? 'all processes alive, one round each in turn' : 'one process after another'}${pinning === undefined ? ', not pinned' : `, on CPU ${pinning.api}`}`,
);
/** A process's name in the log, the summary and the file names: `library-0`, `library+semi1-0`. */
function nameOf(mode: Mode, index: number, variant: string): string {
  return `${mode}${variant === '' ? '' : `+${variant}`}-${index}`;
}

/** One API process under measurement: its rounds so far, its trace file. */
class MeasuredApi {
  readonly #name: string;
  readonly #api: ServerChild<{ url: string }>;
  readonly #trace: WriteStream | undefined;
  readonly #requestsPerSecond: number[] = [];
  readonly #cpuMicrosPerRequest: number[] = [];
  readonly #mode: Mode;
  readonly #index: number;
  readonly #variant: string;
  #loadBefore = '';

  private constructor(mode: Mode, index: number, variant: string, api: ServerChild<{ url: string }>, trace: WriteStream | undefined) {
    this.#mode = mode;
    this.#index = index;
    this.#variant = variant;
    this.#name = nameOf(mode, index, variant);
    this.#api = api;
    this.#trace = trace;
  }

  /** Starts the API process `index` of `mode` with `variant`'s flags, pinned to the API CPU. */
  static async start(mode: Mode, index: number, variant: Variant): Promise<MeasuredApi> {
    const trace = OUT !== undefined && tracing ? createWriteStream(path.join(OUT, `${nameOf(mode, index, variant.name)}.log`)) : undefined;
    const api = await ServerChild.start<{ url: string }>(['api', ...ARGUMENTS[mode], urls], { nodeFlags: variant.flags, otherLine: (line) => trace?.write(`${line}\n`) });
    if (pinning !== undefined) pinProcess(api.pid, pinning.api);
    return new MeasuredApi(mode, index, variant.name, api, trace);
  }

  /** One saturated round, not counted; then starts the profiler when asked to. */
  async warmUp(): Promise<void> {
    this.#loadBefore = await loadAverage();
    this.#mark('warm-up');
    await saturatedRun(this.#api.info.url, SECONDS, CONNECTIONS);
    if (values.profile) await this.#api.startProfile();
  }

  /** One measured saturated round. */
  async round(round: number): Promise<void> {
    this.#mark(`round ${round}`);
    const before = await this.#api.cpuMicros();
    const result = await saturatedRun(this.#api.info.url, SECONDS, CONNECTIONS);
    this.#cpuMicrosPerRequest.push(((await this.#api.cpuMicros()) - before) / result.answers);
    this.#requestsPerSecond.push(result.requestsPerSecond);
    this.#mark(`round ${round} end`);
  }

  /** Writes the profile when asked to, logs the process's rounds and returns them. */
  async finish(): Promise<ProcessRounds> {
    if (values.profile && OUT !== undefined) await this.#api.stopProfile(path.join(OUT, `${this.#name}.cpuprofile`));
    const loadAfter = await loadAverage();
    const fixed = (numbers: number[]) => numbers.map((number) => number.toFixed(0)).join(' ');
    const cpu = this.#cpuMicrosPerRequest;
    log(`${this.#name}: µs/request ${fixed(cpu)} (median ${medianOf(cpu).toFixed(0)}), req/s ${fixed(this.#requestsPerSecond)}, load ${this.#loadBefore} → ${loadAfter}`);
    return { mode: this.#mode, index: this.#index, variant: this.#variant, requestsPerSecond: this.#requestsPerSecond, cpuMicrosPerRequest: cpu, loadBefore: this.#loadBefore, loadAfter };
  }

  async stop(): Promise<void> {
    await this.#api.stop();
    this.#trace?.end();
  }

  #mark(line: string): void {
    this.#trace?.write(`### ${line}\n`);
  }
}

const plan = Array.from({ length: PROCESSES }, (_, index) => variants.flatMap((variant) => (modes as Mode[]).map((mode) => ({ mode, index, variant })))).flat();
const results: ProcessRounds[] = [];
try {
  if (values.together) {
    const measured = await Promise.all(plan.map(({ mode, index, variant }) => MeasuredApi.start(mode, index, variant)));
    try {
      for (const api of measured) await api.warmUp();
      for (let round = 0; round < ROUNDS; round++) for (const api of measured) await api.round(round);
      for (const api of measured) results.push(await api.finish());
    } finally {
      await Promise.all(measured.map((api) => api.stop()));
    }
  } else {
    for (const { mode, index, variant } of plan) {
      const api = await MeasuredApi.start(mode, index, variant);
      try {
        await api.warmUp();
        for (let round = 0; round < ROUNDS; round++) await api.round(round);
        results.push(await api.finish());
      } finally {
        await api.stop();
      }
    }
  }
} finally {
  await upstreams.stop();
}
console.log(JSON.stringify({ node: process.version, variants, together: values.together, seconds: SECONDS, rounds: ROUNDS, results }, null, 2));
