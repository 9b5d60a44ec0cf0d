/**
 * `npm run bench`: the runtime's cost per call next to the raw loader and its peers (cockatiel,
 * opossum, hand-written prom-client), and the heap left by a million failing calls. Prints markdown
 * for BENCHMARKS.md. Timings only mean something on a quiet machine; nothing here is a test.
 */
import { shutdownFieldDependencies } from '../src/index.js';
import { KEYS } from './batchLoader.js';
import { measureBrownoutIdleCost } from './brownoutIdleCost.js';
import { degradationsOf, failingWithBreaker, failingWithoutBreaker } from './failingLoaders.js';
import { heapGrowth, type HeapPlan } from './heapGrowth.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { signedNs } from './signedNs.js';
import { cpuCostOver, measureCpuPerCall, type CpuPlan } from './measureCpuPerCall.js';
import { measurePerCall, resultOf, type PerCallPlan } from './measurePerCall.js';
import { CALL_OBSERVERS, measureObserverCost } from './observerCost.js';
import { measurePerRequestFactories, type FactoryPlan } from './perRequestFactory.js';
import { PEERS, shutdownPeers } from './peers.js';
import { costOver, heapTarget, perCallTargets, type TargetResult } from './targets.js';
import { validatePeers } from './validatePeers.js';

const PER_CALL_PLAN: PerCallPlan = { rounds: 30, timeMs: 60, warmupMs: 15, callsPerSample: 100 };
const CPU_PLAN: CpuPlan = { rounds: 25, callsPerRound: 20_000 };
const FACTORY_PLAN: FactoryPlan = { rounds: 15, requestsPerRound: 300 };
const FACTORY_SIZES = [1, 20, 100] as const;
const HEAP_PLAN: HeapPlan = { calls: 1_000_000, warmupCalls: 20_000, concurrency: 1_000 };

console.log(`# field-dependency runtime benchmark\n\n${new Date().toISOString()} · ${describeMachine()}\n`);
await validatePeers(PEERS);

const perCall = await measurePerCall(PEERS, PER_CALL_PLAN);
const raw = resultOf(perCall, 'raw');
console.log(
  `## Cost per call\n\nBatch of ${KEYS.length} keys, loader resolves at once. ${PER_CALL_PLAN.rounds} rounds, peers rotated each round; ` +
    `a sample is the mean of ${PER_CALL_PLAN.callsPerSample} sequential awaited calls (p50/p99 are over samples); ` +
    'overhead is the median over rounds of (peer − raw), by round means and by round medians.\n',
);
console.log(
  markdownTable(
    ['peer', 'mean ns/call', 'p50 ns', 'p99 ns', 'ops/s', '× raw', 'overhead ns (mean)', 'overhead ns (p50)', 'samples'],
    perCall.map(({ peer, ns }) => {
      const overhead = costOver(perCall, peer.id, 'raw');
      return [
        peer.label,
        ns.mean.toFixed(0),
        ns.p50.toFixed(0),
        ns.p99.toFixed(0),
        Math.round(1e9 / ns.mean).toLocaleString('en-US'),
        (ns.mean / raw.ns.mean).toFixed(2),
        overhead.mean.toFixed(0),
        overhead.median.toFixed(0),
        String(ns.count),
      ];
    }),
  ),
);

const cpu = await measureCpuPerCall(PEERS, CPU_PLAN);
console.log(
  `\n## CPU time per call\n\nThe same calls, timed by CPU time (user + system) instead of wall time: ${CPU_PLAN.rounds} rounds of ` +
    `${CPU_PLAN.callsPerRound.toLocaleString('en-US')} sequential awaited calls per peer, peers rotated each round; the median over rounds. ` +
    'CPU time leaves out the time other processes hold the CPU, so it is the figure to compare on a shared machine; the targets use it. ' +
    'Row (a′) is the raw loader plus the two `performance.now()` reads the library makes per call (start, duration), measured in the same rounds: ' +
    'what the clock reads cost, shown beside the library rows.\n',
);
console.log(
  markdownTable(
    ['peer', 'CPU ns/call', 'overhead over raw ns', 'of which the two clock reads (a′ − a) ns', 'over opossum `fire` ns'],
    cpu.map(({ peer, medianNs }) => [
      peer.label,
      medianNs.toFixed(0),
      cpuCostOver(cpu, peer.id, 'raw').toFixed(0),
      peer.id === 'library' || peer.id === 'libraryBreaker' || peer.id === 'clockReads' ? cpuCostOver(cpu, 'clockReads', 'raw').toFixed(0) : '',
      peer.id === 'libraryBreaker' ? signedNs(cpuCostOver(cpu, 'libraryBreaker', 'opossum')) : '',
    ]),
  ),
);

const observed = await measureObserverCost(CALL_OBSERVERS, CPU_PLAN);
const unobservedNs = (observed[0] as { medianNs: number }).medianNs;
console.log(
  `\n## Tracing channel and OpenTelemetry\n\nThe library without a breaker, CPU time per call, ${CPU_PLAN.rounds} rounds of ` +
    `${CPU_PLAN.callsPerRound.toLocaleString('en-US')} calls per observer, the order rotating: nobody subscribed to \`field-dependency:call\` ` +
    '(what every call pays), a no-op subscriber on its five events, and the OpenTelemetry instrumentation recording its metrics.\n',
);
console.log(
  markdownTable(
    ['observer', 'CPU ns/call', 'added ns/call'],
    observed.map(({ label, medianNs }, index) => [label, medianNs.toFixed(0), index === 0 ? '' : `+${(medianNs - unobservedNs).toFixed(0)}`]),
  ),
);

const idle = await measureBrownoutIdleCost(CPU_PLAN);
console.log(
  `\n## Brownout on but idle\n\nThe library without a breaker with brownout off and on but idle (\`configure({ brownout })\`, level 0), ` +
    `${CPU_PLAN.rounds} rounds of ${CPU_PLAN.callsPerRound.toLocaleString('en-US')} calls per side, which side goes first alternating; CPU time ` +
    'per awaited call, and per request (a `degradationScope` around one call, whose latency the controller reads). ' +
    'Added: the median over rounds of (on − off). The target: at most 30 ns per call.\n',
);
console.log(
  markdownTable(
    ['what', 'brownout off ns', 'brownout on, idle ns', 'added ns'],
    [
      ['per call', idle.callOffNs.toFixed(0), idle.callOnNs.toFixed(0), signedNs(idle.callAddedNs)],
      ['per request (scope + one call)', idle.requestOffNs.toFixed(0), idle.requestOnNs.toFixed(0), signedNs(idle.requestAddedNs)],
    ],
  ),
);

const factories = await measurePerRequestFactories(FACTORY_SIZES, FACTORY_PLAN);
console.log(
  `\n## Per-request loader factories\n\nA factory that builds ${FACTORY_SIZES.join(', ')} DataLoaders per request (one line per loader, so each ` +
    'wrapped one is a definition site of its own), then loads one key through each: unwrapped, with the batch functions ' +
    'wrapped once at module level (what the wrapped calls cost), wrapped per request as the README shows (the name read from ' +
    'the site), and wrapped per request with `name` (as the codemod writes it). CPU time per request, ' +
    `${FACTORY_PLAN.rounds} rounds of ${FACTORY_PLAN.requestsPerRound} requests per variant, the order rotating; the median over rounds. ` +
    'The target: each wrapped loader adds at most 1 µs per request.\n',
);
console.log(
  markdownTable(
    ['loaders', 'variant', 'CPU µs/request', 'added µs/request', 'added µs per loader', 'declaring per request: µs per loader'],
    factories.map(({ loaders, variant, medianNs }) => {
      const median = (of: string) => (factories.find((other) => other.loaders === loaders && other.variant === of) as { medianNs: number }).medianNs;
      const added = medianNs - median('unwrapped');
      const perRequest = variant === 'wrapped' || variant === 'wrapped, with name' ? ((medianNs - median('wrapped once, at module level')) / 1000 / loaders).toFixed(2) : '';
      return [String(loaders), variant, (medianNs / 1000).toFixed(1), variant === 'unwrapped' ? '' : (added / 1000).toFixed(1), variant === 'unwrapped' ? '' : (added / 1000 / loaders).toFixed(2), perRequest];
    }),
  ),
);

console.log(
  `\n## Heap after failing calls\n\nNon-critical dependency whose loader rejects every call; ${HEAP_PLAN.calls.toLocaleString('en-US')} calls, ` +
    `${HEAP_PLAN.concurrency} awaited at a time, after ${HEAP_PLAN.warmupCalls.toLocaleString('en-US')} warm-up calls; heapUsed after a full GC.\n`,
);
const heapTargets: TargetResult[] = [];
const heapRows: string[][] = [];
for (const [label, loader] of [
  ['breaker off', failingWithoutBreaker],
  ['default breaker', failingWithBreaker],
] as const) {
  const result = await heapGrowth(() => loader(KEYS), HEAP_PLAN);
  heapTargets.push(heapTarget(label, HEAP_PLAN.calls, result));
  heapRows.push([label, (result.growthBytes / 1024 / 1024).toFixed(2), result.nsPerCall.toFixed(0), degradationsOf(loader)]);
}
console.log(markdownTable(['dependency', 'heap growth MB', 'ns/call (informative)', 'degradations counted'], heapRows));

console.log('\n## Targets\n');
const brownoutTarget: TargetResult = {
  target: 'brownout on but idle: at most 30 ns per call',
  measured: `${signedNs(idle.callAddedNs)} ns per call (${signedNs(idle.requestAddedNs)} ns per request with its scope)`,
  pass: idle.callAddedNs <= 30,
};
const targets = [...perCallTargets(cpu), brownoutTarget, ...heapTargets];
console.log(markdownTable(['target', 'measured', 'result'], targets.map(({ target, measured, pass }) => [target, measured, pass ? 'PASS' : 'MISS'])));

shutdownPeers();
shutdownFieldDependencies();
