/**
 * `npm run bench:api`: the pins API under load, library mode beside naive mode, phase by phase, with
 * its targets checked; in the saturated phase also beside the hand-written API (the library's guarantees
 * written by hand with the same packages), the competitor a team would otherwise pick. The upstreams and each API run in their own processes; the load is
 * generated here: autocannon for saturated throughput, an evenly paced generator for latency at a fixed rate. Prints a Markdown section (table, targets, command, machine) for BENCHMARKS.md.
 *
 *     npm run bench:api -- [--seconds 10] [--connections 10] [--rate 200] [--rounds 3] [--node-flags="--no-memory-reducer"]
 *
 * The API processes run with `--node-flags` (by default `--no-memory-reducer`, see API_NODE_FLAGS; `--node-flags=`
 * for none).
 */
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { COMMENTS_TIMEOUT_MS } from '../pins-api/fields.js';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';
import { breakerState, setFaults, upstreamStats } from './adminClient.js';
import { BENCH_BREAKER } from './benchBreaker.js';
import { API_NODE_FLAGS } from './apiNodeFlags.js';
import { cpuPinning, pinProcess } from './cpuPinning.js';
import { markdownTable, markdownTargets, share, throughputTable, type BenchRow, type TargetCheck, type Throughput } from './benchReport.js';
import type { LoadRunResult } from './LoadRunResult.js';
import { pacedRun, WARMUP_SECONDS } from './pacedRun.js';
import { combineRounds, pairedTarget, type Rounds } from './pairedRounds.js';
import { saturatedRun } from './saturatedRun.js';
import { ServerChild } from './ServerChild.js';
import { wholeNumberOptions } from './wholeNumberOptions.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    'node-flags': { type: 'string', default: API_NODE_FLAGS.join(' ') },
  },
});
const nodeFlags = values['node-flags'].split(/\s+/).filter((flag) => flag !== '');
const {
  seconds: SECONDS,
  connections: CONNECTIONS,
  rate: RATE,
  rounds: ROUNDS,
} = wholeNumberOptions(values, ['seconds', 'connections', 'rate', 'rounds']);
/** A client gives up after this long (naive mode under a hanging upstream never answers). */
const CLIENT_TIMEOUT_SECONDS = 2;
const RESET_MS = BENCH_BREAKER.resetTimeout as number;

type Api = ServerChild<{ url: string; metricsUrl: string; mode: 'library' | 'naive' }>;
const children: ServerChild<unknown>[] = [];
process.once('SIGINT', () => {
  void Promise.all(children.map((child) => child.stop())).then(() => process.exit(130));
});

const upstreams = await ServerChild.start<{ urls: UpstreamUrls; adminUrl: string }>(['upstreams']);
children.push(upstreams);
const urls = JSON.stringify(upstreams.info.urls);
const library: Api = await ServerChild.start(['api', 'library', JSON.stringify(BENCH_BREAKER), urls], { nodeFlags });
const libraryNoBreaker: Api = await ServerChild.start(['api', 'library', 'off', urls], { nodeFlags });
const naive: Api = await ServerChild.start(['api', 'naive', '-', urls], { nodeFlags });
const handWritten = await ServerChild.start<{ url: string; metricsUrl: string; mode: 'handwritten' }>(['api', 'handwritten', '-', urls], { nodeFlags });
children.push(library, libraryNoBreaker, naive, handWritten);
const admin = upstreams.info.adminUrl;
const pinning = cpuPinning();

/**
 * While throughput is measured, the APIs run on a CPU of their own and everything else on the others
 * (see cpuPinning); the fixed-rate phases run unpinned, as an API would.
 */
function pinForThroughput(pinned: boolean): void {
  if (pinning === undefined) return;
  for (const api of [library, libraryNoBreaker, naive, handWritten]) pinProcess(api.pid, pinned ? pinning.api : pinning.all);
  for (const pid of [upstreams.pid, process.pid]) pinProcess(pid, pinned ? pinning.rest : pinning.all);
}

const fixedRate = (api: Api, seconds = SECONDS) => pacedRun(api.info, seconds, RATE, CLIENT_TIMEOUT_SECONDS * 1000);
const saturated = (api: ServerChild<{ url: string }>) => saturatedRun(api.info.url, SECONDS, CONNECTIONS);
const log = (message: string) => console.error(`[bench:api] ${message}`);

/** Drives light load on `api` until `field`'s breaker is in `state` (2 open, 0 closed). */
async function untilBreaker(api: Api, field: string, state: number): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    if ((await breakerState(api.info.metricsUrl, field)) === state) return;
    await fixedRate(api, 1);
  }
  throw new Error(`the ${field} breaker never reached state ${state}`);
}

const rows: BenchRow[] = [];
const throughput: Throughput[] = [];
const checks: TargetCheck[] = [];
try {
  log('warming up');
  for (const api of [library, libraryNoBreaker, naive, handWritten]) await saturated(api);

  log(`healthy, saturated: ${ROUNDS} rounds of ${SECONDS} s per API, alternating${pinning === undefined ? '' : `, APIs on CPU ${pinning.api}`}`);
  pinForThroughput(true);
  const contenders = [
    { name: 'library', api: library },
    { name: 'library, breakers off', api: libraryNoBreaker },
    { name: 'naive', api: naive },
    { name: 'hand-written', api: handWritten },
  ];
  const runs = new Map<string, Rounds>(contenders.map(({ name }) => [name, { results: [], cpuMicros: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, api } of contenders) {
      const before = await api.cpuMicros();
      const result = await saturated(api);
      const run = runs.get(name) as Rounds;
      run.results.push(result);
      run.cpuMicros.push((await api.cpuMicros()) - before);
    }
  }
  for (const [name, run] of runs) {
    const combined = combineRounds(run.results);
    throughput.push({ name, result: combined, cpuMicrosPerRequest: run.cpuMicros.reduce((sum, micros) => sum + micros, 0) / combined.answers });
  }
  // This machine's speed drifts from minute to minute: compare each round of the library API with the
  // naive round next to it, and take the median of those ratios.
  const withLibrary = runs.get('library') as Rounds;
  checks.push(pairedTarget('healthy: library throughput ≥ the hand-written API\'s (the same guarantees, by hand)', withLibrary, runs.get('hand-written') as Rounds, 1));
  checks.push(pairedTarget('healthy (stretch): library throughput ≥ 97% of naive', withLibrary, runs.get('naive') as Rounds, 0.97));

  pinForThroughput(false);
  log(`healthy at ${RATE} req/s`);
  const healthyLibrary = await fixedRate(library);
  rows.push({ phase: `healthy (${RATE} req/s)`, library: healthyLibrary, naive: await fixedRate(naive) });
  const floor = `healthy p99 at the same rate: ${healthyLibrary.p99?.toFixed(1)} ms`;

  log('shopping fails every call');
  await setFaults(admin, { shopping: { errorRate: 1 } });
  const shoppingNaive = await fixedRate(naive);
  await untilBreaker(library, 'shopping', 2);
  const shoppingBefore = (await upstreamStats(admin, 'shopping')).requests;
  const shoppingOpen = await fixedRate(library);
  const shoppingCalls = (await upstreamStats(admin, 'shopping')).requests - shoppingBefore;
  rows.push({ phase: 'shopping fails every call, breaker open', library: shoppingOpen, naive: shoppingNaive });
  checks.push(zeroServerErrors('shopping failing', shoppingOpen, shoppingNaive));
  // The upstream is counted over the warm-up and the measurement.
  const probes = Math.ceil(((WARMUP_SECONDS + SECONDS) * 1000) / RESET_MS);
  checks.push({
    target: 'breaker open: p99 ≤ 5 ms',
    measured: `p99 ${shoppingOpen.p99?.toFixed(1)} ms at ${RATE} req/s (${floor})`,
    met: (shoppingOpen.p99 ?? Infinity) <= 5,
  });
  checks.push({
    target: 'breaker open: the failing upstream gets no call but the half-open probes',
    measured: `${shoppingCalls} shopping call(s) in ${WARMUP_SECONDS + SECONDS} s with resetTimeout ${RESET_MS / 1000} s (at most ${probes} probe(s))`,
    met: shoppingCalls <= probes,
  });

  log('comments hang');
  await setFaults(admin, { comments: { hang: true } });
  const hangTimeout = await fixedRate(libraryNoBreaker);
  const hangNaive = await fixedRate(naive);
  rows.push({ phase: `comments hang, timeoutMs ${COMMENTS_TIMEOUT_MS} (breaker off)`, library: hangTimeout, naive: hangNaive });
  checks.push(zeroServerErrors('comments hanging', hangTimeout, hangNaive));
  checks.push({
    target: `hanging upstream with timeoutMs ${COMMENTS_TIMEOUT_MS}: p99 ≤ 110 ms`,
    measured: `p99 ${hangTimeout.p99?.toFixed(1)} ms at ${RATE} req/s, every request waiting for the timeout (${floor})`,
    met: (hangTimeout.p99 ?? Infinity) <= 110,
  });
  await untilBreaker(library, 'comments', 2);
  const commentsBefore = (await upstreamStats(admin, 'comments')).requests;
  const hangOpen = await fixedRate(library);
  const commentsCalls = (await upstreamStats(admin, 'comments')).requests - commentsBefore;
  rows.push({ phase: 'comments hang, breaker open', library: hangOpen, naive: undefined });
  checks.push({
    target: 'comments breaker open: 0% 5xx, p99 ≤ 5 ms, no call but the probes',
    measured: `${share(hangOpen)} 5xx, p99 ${hangOpen.p99?.toFixed(1)} ms (${floor}), ${commentsCalls} comments call(s) in ${WARMUP_SECONDS + SECONDS} s`,
    met: hangOpen.serverErrors === 0 && hangOpen.timeouts === 0 && (hangOpen.p99 ?? Infinity) <= 5 && commentsCalls <= probes,
  });

  log('images fail 20%');
  await setFaults(admin, { images: { errorRate: 0.2 } });
  rows.push({ phase: 'images (critical) fail 20%', library: await fixedRate(library), naive: await fixedRate(naive) });

  log('recovery');
  await setFaults(admin, {});
  await sleep(RESET_MS);
  await untilBreaker(library, 'shopping', 0);
  await untilBreaker(library, 'comments', 0);
  rows.push({ phase: 'recovery (breakers closed again)', library: await fixedRate(library), naive: await fixedRate(naive) });
} finally {
  await Promise.all(children.map((child) => child.stop()));
}

const cpu = cpus();
console.log(`## Pins API under upstream faults

The pins API (\`examples/pins-api/\`) in library mode beside the same API without the library (naive
mode) and, when saturated, beside the hand-written API (\`mode: 'handwritten'\`: the same guarantees written
by hand with opossum, prom-client and AsyncLocalStorage). Every request asks for a whole pin page or board page: four fields, four upstream calls over
loopback HTTP. The upstreams and each API run in a process of their own, the load generators in another.

Healthy, saturated (${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per API, alternating;
CPU per request is the API process's own user + system time${pinning === undefined ? '; processes not pinned to CPUs' : `; the APIs on CPU ${pinning.api}, the upstreams and the load generator on CPU ${pinning.rest}`}):

${throughputTable(throughput)}

Each phase of the demo at a fixed ${RATE} req/s, evenly spaced (so that latency is the API's, not a
queue's), ${SECONDS} s per mode after a ${WARMUP_SECONDS} s warm-up. Latency is measured on every answer, whatever its status;
clients give up after ${CLIENT_TIMEOUT_SECONDS} s ("no answer").

${markdownTable(rows)}

Targets:

${markdownTargets(checks)}

Command: \`npm run bench:api -- --seconds ${SECONDS} --connections ${CONNECTIONS} --rate ${RATE} --rounds ${ROUNDS} --node-flags="${nodeFlags.join(' ')}"\`.
Machine: Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores.`);
process.exitCode = checks.every((check) => check.met) ? 0 : 1;

function zeroServerErrors(what: string, library: LoadRunResult, naive: LoadRunResult): TargetCheck {
  return {
    target: `${what}: 0% 5xx in library mode (naive beside it)`,
    measured: `library ${share(library)}, naive ${share(naive)}`,
    met: library.serverErrors === 0 && library.timeouts === 0,
  };
}
