/**
 * `npm run bench:profile`: where a call's time goes. Runs the raw loader, then the library without and
 * with a breaker, each in a tight loop under the V8 CPU profiler (node:inspector), and prints each
 * one's self time by where it is spent: the loader itself, this library's guard (src/guard, one row per
 * step file), clock reads, opossum, and the engine's promise and GC work. Informative, not a test.
 */
import type { Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { batchLoader, KEYS } from './batchLoader.js';
import { markdownTable } from './markdownTable.js';
import { libraryWithBreaker, libraryWithoutBreaker } from './peers.js';
import { describeMachine } from './machine.js';
import { selfTimeBy } from './selfTimeBy.js';
import { shutdownFieldDependencies } from '../src/index.js';

const CALLS = 400_000;

/** The bucket a profile node's self time belongs to. */
function bucketOf({ functionName, url }: Runtime.CallFrame): string {
  if (url.includes('/bench/batchLoader')) return 'the loader (batchLoader)';
  const guardStep = /\/src\/guard\/([A-Za-z]+)\.ts/.exec(url);
  if (guardStep) return `guard: ${guardStep[1]}`;
  if (url.includes('/src/')) return 'library, other files';
  if (url.includes('/opossum/')) return 'opossum';
  if (functionName === 'now' || url.includes('perf/')) return 'clock reads (performance.now)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url.includes('inspector') || functionName === 'dispatch' || functionName === 'post') return 'the profiler itself';
  if (url.includes('/bench/')) return 'the measuring loop';
  if (functionName === '(program)' || functionName === '(idle)') return 'engine (promise jobs, microtasks, idle)';
  return `other: ${functionName || '(anonymous)'}`;
}

async function profile(session: Session, label: string, call: () => Promise<unknown>): Promise<[string, Map<string, number>, number]> {
  for (let index = 0; index < CALLS / 10; index++) await call();
  await session.post('Profiler.start');
  const startedAt = process.cpuUsage();
  for (let index = 0; index < CALLS; index++) await call();
  const used = process.cpuUsage(startedAt);
  const { profile: result } = await session.post('Profiler.stop');
  return [label, selfTimeBy(result, bucketOf), ((used.user + used.system) * 1000) / CALLS];
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
const runs = [
  await profile(session, '(a) raw loader', () => batchLoader(KEYS)),
  await profile(session, '(b) `breaker: false`', () => libraryWithoutBreaker(KEYS)),
  await profile(session, '(c) default breaker', () => libraryWithBreaker(KEYS)),
];
session.disconnect();
shutdownFieldDependencies();

console.log(`# Where a call's time goes\n\n${new Date().toISOString()} · ${describeMachine()}\n`);
console.log(`${CALLS.toLocaleString('en-US')} sequential awaited calls each, sampled every 50 µs; ns per call = CPU time per call × the bucket's share of samples.\n`);
const bucketNames = [...new Set(runs.flatMap(([, buckets]) => [...buckets.keys()]))].sort();
console.log(
  markdownTable(
    ['where', ...runs.map(([label]) => `${label} ns/call`)],
    [
      ...bucketNames.map((bucket) => [
        bucket,
        ...runs.map(([, buckets, nsPerCall]) => {
          const total = [...buckets.values()].reduce((sum, value) => sum + value, 0);
          const share = (buckets.get(bucket) ?? 0) / total;
          return share === 0 ? '' : (share * nsPerCall).toFixed(0);
        }),
      ]),
      ['total (CPU time per call)', ...runs.map(([, , nsPerCall]) => nsPerCall.toFixed(0))],
    ],
  ),
);
