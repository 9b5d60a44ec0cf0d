/**
 * `npm run bench:decider-refresh`: how long a refresh of 5,000 deciders blocks the event loop. 5,000
 * dependencies with a decider each, read from a real OpenFeature client over the SDK's in-memory provider
 * (evaluated in process, as flagd's in-process resolver is: the worst case, since no read waits on I/O);
 * 20 refreshes, one after the other, while `perf_hooks.monitorEventLoopDelay` samples the loop every
 * millisecond. Prints the longest stall and the refresh's duration. Timings only mean something on a
 * quiet machine; nothing here is a test.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { configure, fieldDependency, shutdownFieldDependencies } from '../src/index.js';
import { refreshDeciders } from '../src/testing/index.js';
import { DECIDER_READS_PER_TURN } from '../src/deciders/DeciderSync.js';
import { describeMachine } from './machine.js';

const DECIDERS = 5_000;
const REFRESHES = 20;

const flags: ConstructorParameters<typeof InMemoryProvider>[0] = {};
for (let index = 0; index < DECIDERS; index++) {
  fieldDependency(Map, { owner: 'bench', name: `field${index}`, breaker: false })(async () => new Map());
  flags[`field-dependency.bench.field${index}`] = { variants: { value: index % 2 === 0 ? 100 : 37 }, defaultVariant: 'value', disabled: false };
}
await OpenFeature.setProviderAndWait('decider-refresh', new InMemoryProvider(flags));
configure({ deciders: OpenFeature.getClient('decider-refresh'), deciderRefreshMs: 3_600_000 });
await refreshDeciders();

// The same time with no refresh: what this machine's load and the GC stall the loop anyway.
const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, 2_000));
idle.disable();

// Garbage collections while refreshing: the SDK allocates about 7 KB per evaluation, and a full
// collection (mark-compact) stops the loop too, whoever made the garbage.
let longestGcMs = 0;
const collections = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
});
collections.observe({ entryTypes: ['gc'] });
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
const durations: number[] = [];
for (let refresh = 0; refresh < REFRESHES; refresh++) {
  const started = performance.now();
  await refreshDeciders();
  durations.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
histogram.disable();
collections.disconnect();
shutdownFieldDependencies();

durations.sort((a, b) => a - b);
const ms = (nanoseconds: number): string => (nanoseconds / 1e6).toFixed(1);
console.log(describeMachine());
console.log(`${DECIDERS} deciders, ${REFRESHES} refreshes, reads started ${DECIDER_READS_PER_TURN} per event-loop turn`);
console.log(`| | longest event-loop stall | p99 stall | p50 stall | longest GC pause | median refresh | slowest refresh |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
console.log(
  `| refreshing | ${ms(histogram.max)} ms | ${ms(histogram.percentile(99))} ms | ${ms(histogram.percentile(50))} ms | ${longestGcMs.toFixed(1)} ms | ` +
    `${durations[Math.floor(REFRESHES / 2)]!.toFixed(0)} ms | ${durations.at(-1)!.toFixed(0)} ms |`,
);
console.log(`| idle, 2 s (the machine's own noise) | ${ms(idle.max)} ms | ${ms(idle.percentile(99))} ms | ${ms(idle.percentile(50))} ms | - | - | - |`);
