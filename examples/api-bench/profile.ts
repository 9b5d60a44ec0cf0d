/**
 * `npm run bench:api:profile`: where the library API's extra CPU per request goes, healthy and
 * saturated. The library API, the naive one, and the naive one with an empty AsyncLocalStorage context
 * per request (the cost of any request context in Node) run side by side (same upstreams, alternating rounds),
 * each with V8's CPU profiler on for the measured rounds only; their samples are grouped by what they
 * were in (the runtime, opossum, AbortSignal, AsyncLocalStorage, GC, HTTP, …) and printed per request,
 * as a Markdown table for BENCHMARKS.md. Profiling slows both APIs alike; CPU per request without the
 * profiler is `npm run bench:api`'s.
 *
 *     npm run bench:api:profile -- [--seconds 10] [--connections 10] [--rounds 3] [--keep-profiles DIR]
 *
 * The API processes run with `API_NODE_FLAGS` (`--no-memory-reducer`, as in `npm run bench:api`).
 *
 * `--keep-profiles DIR` writes `library.cpuprofile`, `context.cpuprofile` and `naive.cpuprofile` there, to open in Chrome
 * DevTools (Performance) or VS Code.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';
import { API_NODE_FLAGS } from './apiNodeFlags.js';
import { BENCH_BREAKER } from './benchBreaker.js';
import { cpuPinning, pinProcess } from './cpuPinning.js';
import { cpuProfileShares, PROFILE_CATEGORIES, type ProfileCategory } from './cpuProfileShares.js';
import { saturatedRun } from './saturatedRun.js';
import { ServerChild } from './ServerChild.js';
import { wholeNumberOptions } from './wholeNumberOptions.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    'keep-profiles': { type: 'string' },
  },
});
const { seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS } = wholeNumberOptions(values, ['seconds', 'connections', 'rounds']);
const ROOT = path.resolve(import.meta.dirname, '../..');
const log = (message: string) => console.error(`[bench:api:profile] ${message}`);

type Api = ServerChild<{ url: string }>;
const pinning = cpuPinning();
const KEEP = values['keep-profiles'];
const directory = KEEP === undefined ? await mkdtemp(path.join(tmpdir(), 'field-dependency-profile-')) : path.resolve(KEEP);
await mkdir(directory, { recursive: true });
const upstreams = await ServerChild.start<{ urls: UpstreamUrls }>(['upstreams']);
const urls = JSON.stringify(upstreams.info.urls);
interface Contender {
  readonly name: string;
  readonly api: Api;
  cpuMicros: number;
  answers: number;
}
const contenders: Contender[] = [
  { name: 'library', api: await ServerChild.start(['api', 'library', JSON.stringify(BENCH_BREAKER), urls], { nodeFlags: API_NODE_FLAGS }), cpuMicros: 0, answers: 0 },
  { name: 'context', api: await ServerChild.start(['api', 'naive+context', '-', urls], { nodeFlags: API_NODE_FLAGS }), cpuMicros: 0, answers: 0 },
  { name: 'naive', api: await ServerChild.start(['api', 'naive', '-', urls], { nodeFlags: API_NODE_FLAGS }), cpuMicros: 0, answers: 0 },
];
if (pinning !== undefined) {
  for (const { api } of contenders) pinProcess(api.pid, pinning.api);
  for (const pid of [upstreams.pid, process.pid]) pinProcess(pid, pinning.rest);
}
const shares = new Map<string, Map<ProfileCategory, number>>();
try {
  log('warming up');
  for (const { api } of contenders) await saturatedRun(api.info.url, SECONDS, CONNECTIONS);
  log(`${ROUNDS} rounds of ${SECONDS} s per API, alternating, profiled`);
  for (const { api } of contenders) await api.startProfile();
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of contenders) {
      const before = await contender.api.cpuMicros();
      contender.answers += (await saturatedRun(contender.api.info.url, SECONDS, CONNECTIONS)).answers;
      contender.cpuMicros += (await contender.api.cpuMicros()) - before;
    }
  }
  for (const { name, api } of contenders) {
    const file = path.join(directory, `${name}.cpuprofile`);
    await api.stopProfile(file);
    shares.set(name, await cpuProfileShares(file, ROOT));
  }
} finally {
  await Promise.all([...contenders.map(({ api }) => api.stop()), upstreams.stop()]);
  if (KEEP === undefined) await rm(directory, { recursive: true, force: true });
}

const [library, context, naive] = contenders as [Contender, Contender, Contender];
const perRequest = (contender: Contender, category: ProfileCategory) => (shares.get(contender.name)?.get(category) ?? 0) / contender.answers;
const cells = (values: readonly number[]) => values.map((value) => value.toFixed(1)).join(' | ');
const row = (label: string, of: (contender: Contender) => number) =>
  `| ${label} | ${cells([of(library), of(context), of(naive)])} | ${signed(of(library) - of(naive))} | ${signed(of(context) - of(naive))} |`;
const allSamples = (contender: Contender) => PROFILE_CATEGORIES.reduce((total, category) => total + perRequest(contender, category), 0);
const cpu = cpus();
console.log(`## Where the library API's CPU goes (healthy, saturated, profiled)

Self time of V8's sampling profiler (1 ms interval) in each API process over ${ROUNDS} alternating rounds of ${SECONDS} s,
${CONNECTIONS} connections, per answered request (library ${library.answers.toLocaleString('en-US')}, naive with a request context
${context.answers.toLocaleString('en-US')}, naive ${naive.answers.toLocaleString('en-US')}). "Naive + context" is the naive API with an empty
AsyncLocalStorage context per request (what any request-scoped tool costs Node); its difference from naive is the part of
the library's that any request context would cost.
${pinning === undefined ? 'The processes were not pinned to CPUs.' : `The APIs ran on CPU ${pinning.api}, the upstreams and the load generator on CPU ${pinning.rest}.`}

| where | library µs/request | naive + context µs/request | naive µs/request | library − naive | context − naive |
|---|---:|---:|---:|---:|---:|
${PROFILE_CATEGORIES.map((category) => row(category, (contender) => perRequest(contender, category))).join('\n')}
${row('**all samples**', allSamples)}
${row('process CPU (user + system)', (contender) => contender.cpuMicros / contender.answers)}

Command: \`npm run bench:api:profile -- --seconds ${SECONDS} --connections ${CONNECTIONS} --rounds ${ROUNDS}\`.
Machine: Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores.`);

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
}
