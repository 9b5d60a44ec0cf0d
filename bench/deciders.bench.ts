/**
 * `npm run bench:deciders`: the hot-path cost a decider adds to a call, side by side in one process: the
 * same sync loader (so that no promise machinery blurs a few nanoseconds) as a dependency without a
 * decider, with a decider at 100, and at 37 (a targeting key that
 * the decider lets through, so every call still reaches the loader and the whole gate runs: hash mix and
 * comparison; and, informative, without a key: random draws, 63% answered with the fallback). Every call
 * runs in a request scope with a targeting key, as behind the framework helpers. Prints markdown for
 * BENCHMARKS.md. Timings only mean something on a quiet machine; nothing here is a test.
 */
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { Bench } from 'tinybench';
import { configure, degradationScope, fieldDependency, metricsRegistry, shutdownFieldDependencies } from '../src/index.js';
import { admitted } from '../src/deciders/admitted.js';
import { targetingHash } from '../src/deciders/targetingHash.js';
import { KEYS } from './batchLoader.js';
import { collectGarbage } from './collectGarbage.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { medianDifference, sampleStats } from './sampleStats.js';

const ROUNDS = 30;
const TIME_MS = 60;
const WARMUP_MS = 15;
const CALLS_PER_SAMPLE = 1_000;
/** What the issue allows a decider to add per call, in nanoseconds. */
const TARGET_NS = 30;

const options = { owner: 'bench', breaker: false } as const;
/** A sync batch function: one value per key, at once. */
const batchLoader = (keys: readonly number[]): number[] => keys.map((key) => key * 2);
const none = fieldDependency([Number], { ...options, name: 'no_decider', decider: false })(batchLoader);
const at100 = fieldDependency([Number], { ...options, name: 'decider_100' })(batchLoader);
const at37 = fieldDependency([Number], { ...options, name: 'decider_37' })(batchLoader);

await OpenFeature.setProviderAndWait(
  'bench',
  new InMemoryProvider({
    'field-dependency.bench.decider_100': { variants: { value: 100 }, defaultVariant: 'value', disabled: false },
    'field-dependency.bench.decider_37': { variants: { value: 37 }, defaultVariant: 'value', disabled: false },
  }),
);
configure({ deciders: OpenFeature.getClient('bench') });
await waitForDeciders();

// A targeting key the 37% decider lets through: every measured call reaches the loader.
const salt37 = targetingHash('field-dependency.bench.decider_37');
let key = 0;
while (!admitted(37, salt37, targetingHash(`user-${key}`))) key++;
const targetingKey = `user-${key}`;

const peers = [
  { label: 'no decider', call: (): unknown => none(KEYS) },
  { label: 'decider at 100', call: (): unknown => at100(KEYS) },
  { label: 'decider at 37, key let through', call: (): unknown => at37(KEYS) },
] as const;
// The first call teaches each wrapper that its loader is sync (refused calls then answer synchronously too).
for (const peer of peers) peer.call();
const randomPeer = { label: 'decider at 37, no key (informative: 63% fall back)', call: (): unknown => at37(KEYS) };

const results = new Map<string, { samples: number[]; roundMeans: number[]; roundMedians: number[] }>();
for (const peer of [...peers, randomPeer]) results.set(peer.label, { samples: [], roundMeans: [], roundMedians: [] });
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS, warmupTime: WARMUP_MS, retainSamples: true, throws: true, setup: () => collectGarbage() });
  for (let offset = 0; offset < peers.length; offset++) {
    const peer = peers[(round + offset) % peers.length]!;
    bench.add(peer.label, inScope(bench, peer.call, targetingKey));
  }
  bench.add(randomPeer.label, inScope(bench, randomPeer.call, undefined));
  await bench.run();
  for (const task of bench.tasks) {
    const entry = results.get(task.name)!;
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`'${task.name}' ended ${result.state}`);
    for (const ms of result.latency.samples ?? []) entry.samples.push(ms * 1e6);
    entry.roundMeans.push(result.latency.mean * 1e6);
    entry.roundMedians.push(result.latency.p50 * 1e6);
  }
}

const baseline = results.get('no decider')!;
console.log(`# Deciders: hot-path cost\n\n${new Date().toISOString()} · ${describeMachine()}\n`);
console.log(
  `Batch of ${KEYS.length} keys, sync loader, breaker off, each call inside a request scope with a targeting key. ` +
    `${ROUNDS} rounds, peers rotated each round; a sample is the mean of ${CALLS_PER_SAMPLE} sequential calls. ` +
    'Added cost: median over rounds of (peer − no decider), by round medians.\n',
);
const rows = [...results].map(([label, { samples, roundMedians }]) => {
  const ns = sampleStats(samples);
  return [label, ns.mean.toFixed(0), ns.p50.toFixed(0), ns.p99.toFixed(0), label === 'no decider' ? '-' : medianDifference(roundMedians, baseline.roundMedians).toFixed(1)];
});
console.log(markdownTable(['dependency', 'mean ns/call', 'p50 ns', 'p99 ns', 'added ns (median of rounds)'], rows));
console.log('\n## Target\n');
console.log(
  markdownTable(
    ['target', 'measured', 'result'],
    peers.slice(1).map((peer) => {
      const added = medianDifference(results.get(peer.label)!.roundMedians, baseline.roundMedians);
      return [`${peer.label}: ≤ ${TARGET_NS} ns added per call`, `${added.toFixed(1)} ns`, added <= TARGET_NS ? 'PASS' : 'MISS'];
    }),
  ),
);

shutdownFieldDependencies();
await OpenFeature.close();

/** A tinybench task: `CALLS_PER_SAMPLE` sequential calls in one request scope, reporting their mean. */
function inScope(bench: Bench, call: () => unknown, key: string | undefined) {
  return () =>
    degradationScope(
      () => {
        const startedAt = bench.now();
        for (let index = 0; index < CALLS_PER_SAMPLE; index++) call();
        const elapsed = bench.now() - startedAt;
        return { overriddenDuration: elapsed / CALLS_PER_SAMPLE, overriddenIterationCost: elapsed };
      },
      { endpoint: '/bench', targetingKey: key },
    );
}

/** Resolves once both deciders are read (they are read off the hot path, after the provider's ready event). */
async function waitForDeciders(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { values } = await metricsRegistry().getSingleMetric('field_dependency_decider_percent')!.get();
    const percents = Object.fromEntries(values.map((sample) => [sample.labels.field, sample.value]));
    if (percents.decider_100 === 100 && percents.decider_37 === 37) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the deciders were not read');
}
