import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { configure, metricsRegistry, shutdownFieldDependencies, type BreakerOptions, type BrownoutOptions } from 'field-dependency';
import { closedLoopThroughput } from '../load/closedLoopThroughput.js';
import type { GoodputCriteria } from '../load/goodput.js';
import type { LevelPoint } from '../load/levelTrace.js';
import { httpGet } from '../load/httpGet.js';
import { mixedPath, pagePath } from '../load/requestPaths.js';
import { writeDeciderFlags } from '../pins-api/deciders/writeDeciderFlags.js';
import { COMMENTS_TIMEOUT_MS } from '../pins-api/fields.js';
import { INCIDENT_PHASES } from '../pins-api/incidentPhases.js';
import { startPinsApi, type DemoMode, type PinsApi } from '../pins-api/startPinsApi.js';
import { startUpstreams } from '../pins-api/upstreams/startUpstreams.js';
import { LiveView } from './liveView.js';
import { LoadGenerator } from '../load/LoadGenerator.js';
import { OpenLoopGenerator } from '../load/OpenLoopGenerator.js';
import { prefetchMix } from '../load/prefetchMix.js';
import { MetricsSampler, type BreakerTransition } from './MetricsSampler.js';
import type { DemoOptions } from './options.js';
import type { PhaseWindow } from './summary.js';
import { timelinePoint, type TimelinePoint } from './timeline.js';
import type { RequestSample } from '../load/RequestSample.js';

/**
 * How long a demo client waits for an answer: a second, or half a phase in a quick run (so that a
 * hanging naive request gives up within its phase).
 */
export function clientTimeoutMs(phaseSeconds: number): number {
  return Math.min(1000, Math.round((phaseSeconds * 1000) / 2));
}
const SCRAPE_INTERVAL_MS = 250;
const TICK_MS = 1000;
/** A good answer in the demo: 2xx within 250 ms (below the quick run's client timeout) with the critical images. */
export const DEMO_GOODPUT: GoodputCriteria = Object.freeze({ sloMs: 250, criticalFields: Object.freeze(['images']) });
/** The share of the spike's requests sent as prefetches (`x-priority: low`). */
const SPIKE_LOW_SHARE = 0.25;

/** The library API's capacity, measured when the demo starts, and how. */
export interface DemoCapacity {
  readonly requestsPerSecond: number;
  readonly seconds: number;
  readonly connections: number;
}

/** What a run recorded. */
export interface DemoRecord {
  readonly windows: readonly PhaseWindow[];
  readonly samples: readonly RequestSample[];
  readonly timeline: readonly TimelinePoint[];
  readonly transitions: readonly BreakerTransition[];
  readonly breaker: BreakerOptions;
  readonly brownout: BrownoutOptions;
  /** The library API's capacity the overload phase is a multiple of; `undefined` if the demo stopped before measuring it. */
  readonly capacity: DemoCapacity | undefined;
  /** The brownout level at every scrape of the library API. */
  readonly levels: readonly LevelPoint[];
  readonly clientTimeoutMs: number;
  /** Stopped early by `signal`. */
  readonly interrupted: boolean;
}

/**
 * The library API's breaker settings, scaled to the phase length: it opens once half of the calls in
 * a window of one phase failed (10 calls at least), and probes again after a quarter of a phase, so that
 * a breaker opens during its upstream's phase and closes early in the next one.
 */
export function demoBreaker(phaseSeconds: number): BreakerOptions {
  const phaseMs = Math.round(phaseSeconds * 1000);
  return { volumeThreshold: 10, errorThresholdPercentage: 50, rollingCountTimeout: Math.max(1000, phaseMs), resetTimeout: Math.max(250, Math.round(phaseMs / 4)) };
}

/**
 * The library API's brownout settings, sampled ten times a phase (at most once a second) so that the
 * controller has time to act and recover within a phase. The demo's process is the API, its upstreams and
 * its clients at once: an overload queues requests before the API reads them, where the request latency
 * does not see it, but the event loop's delay does (20 ms). Its loop's utilisation is the clients' and the
 * upstreams' work as much as the API's, so that signal is off (1); an API in a process of its own keeps it.
 * The p90 latency objective, 150 ms, is above the comments timeout, so that a hanging upstream is not taken
 * for an overload (its own timeout and breaker handle it).
 */
export function demoBrownout(phaseSeconds: number): BrownoutOptions {
  return {
    targetLatencyMs: 150,
    maxEventLoopDelayMs: 20,
    maxEventLoopUtilization: 1,
    intervalMs: Math.max(100, Math.min(1000, Math.round((phaseSeconds * 1000) / 10))),
  };
}

/**
 * Runs the demo: starts the upstreams and both APIs on free loopback ports, sends the same traffic to
 * both while the upstreams go through {@link INCIDENT_PHASES}, shows the live view on `out`, and closes
 * everything (APIs, upstreams, breakers) before returning, also when `signal` aborts.
 */
export async function runDemo(options: DemoOptions, out: NodeJS.WritableStream & { readonly isTTY?: boolean }, signal: AbortSignal): Promise<DemoRecord> {
  const startedAt = performance.now();
  const clock = () => performance.now() - startedAt;
  const phaseMs = options.phaseSeconds * 1000;
  const breaker = demoBreaker(options.phaseSeconds);
  const brownout = demoBrownout(options.phaseSeconds);
  const timeoutMs = clientTimeoutMs(options.phaseSeconds);

  const upstreams = await startUpstreams();
  // The library API reads its deciders from a flagd flag file, as every host of a fleet would.
  const flagDirectory = await mkdtemp(path.join(tmpdir(), 'field-dependency-demo-flags-'));
  const deciderFile = path.join(flagDirectory, 'flags.json');
  await writeDeciderFlags(deciderFile);
  const apis: PinsApi<DemoMode>[] = [];
  const windows: PhaseWindow[] = [];
  const timeline: TimelinePoint[] = [];
  let generators: LoadGenerator[] = [];
  const spikes: OpenLoopGenerator[] = [];
  let capacity: DemoCapacity | undefined;
  let sampler: MetricsSampler | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let interrupted = false;
  try {
    const library = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, breaker, deciderFile });
    apis.push(library);
    const naive = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls });
    apis.push(naive);
    out.write(
      [
        'field-dependency demo: the pins API under upstream faults',
        `  upstreams     ${Object.entries(upstreams.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`,
        `  library mode  ${library.url}  fields are field dependencies (breaker, comments timeoutMs ${COMMENTS_TIMEOUT_MS}, x-degraded-fields, deciders from ${deciderFile}, brownout at p90 > ${brownout.targetLatencyMs} ms)`,
        `  naive mode    ${naive.url}  the same loaders, unwrapped`,
        `  traffic       ${options.ratePerSecond} requests/s to each (pin pages, board pages, 1 in 40 a bad request); clients give up after ${timeoutMs} ms`,
        `  phases        ${INCIDENT_PHASES.length} × ${options.phaseSeconds} s: ${INCIDENT_PHASES.map((phase) => phase.title).join(' → ')}`,
        '',
      ].join('\n'),
    );
    // The first calls pay for connections and JIT: keep them out of the measured phases (and the comments timeout).
    for (let sequence = 0; sequence < 8; sequence++) await Promise.all(apis.map((api) => httpGet(`${api.url}${pagePath(sequence)}`)));
    // What the library API serves alone, in this process, on this machine: the overload phase offers a multiple of it.
    // The first probe warms the API up (a probe of a cold process read 1,163 requests/s where the spike then found
    // it serving 1,825 with a 10 ms p99, and nothing to shed): the second one is the capacity.
    const probe = { seconds: 1, connections: 16 };
    await closedLoopThroughput(library.url, probe.seconds * 1000, probe.connections);
    capacity = { ...probe, requestsPerSecond: Math.round(await closedLoopThroughput(library.url, probe.seconds * 1000, probe.connections)) };
    out.write(`  capacity      the library API alone answers ${capacity.requestsPerSecond} requests/s here (${probe.seconds} s, ${probe.connections} connections)\n\n`);
    // On once the capacity is known (a saturated probe is no overload to shed), for every phase after.
    configure({ brownout });

    // The runtime's registry of this process, read directly: an HTTP scrape would wait behind the overload's requests.
    sampler = new MetricsSampler(() => metricsRegistry().metrics(), clock);
    await sampler.start(SCRAPE_INTERVAL_MS);
    generators = apis.map((api) => new LoadGenerator(api, clock, { ratePerSecond: options.ratePerSecond, timeoutMs, path: mixedPath }));
    const live = new LiveView(out);
    const activeSampler = sampler;
    const samples = () => [...generators.flatMap((generator) => generator.samples), ...spikes.flatMap(spikeSamples)];
    ticker = setInterval(() => {
      const to = clock();
      const phase = windows.length - 1;
      if (phase < 0) return;
      const point = timelinePoint({ from: to - TICK_MS, to, phase }, samples(), { start: activeSampler.snapshotAt(to - TICK_MS), end: activeSampler.latest }, DEMO_GOODPUT);
      timeline.push(point);
      live.update(point, (windows[phase] as PhaseWindow).phase, INCIDENT_PHASES.length);
    }, TICK_MS);
    for (const generator of generators) generator.start();

    for (const [index, phase] of INCIDENT_PHASES.entries()) {
      await upstreams.setFaults(phase.faults);
      await writeDeciderFlags(deciderFile, phase.deciders);
      live.finish();
      out.write(`\n== ${index + 1}/${INCIDENT_PHASES.length} ${phase.title} == ${phase.promise}\n`);
      const window = { phase, from: clock(), to: Infinity };
      windows.push(window);
      const spike = phase.overload === undefined ? undefined : startSpike(library.url, phase.overload * capacity.requestsPerSecond);
      try {
        await sleep(phaseMs, undefined, { signal });
      } finally {
        window.to = clock();
        spike?.generator.stop();
        await spike?.running;
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    interrupted = true;
  } finally {
    clearInterval(ticker);
    await Promise.all(generators.map((generator) => generator.stop()));
    await sampler?.stop().catch(() => undefined);
    configure({ brownout: false });
    await Promise.all(apis.map((api) => api.close()));
    await upstreams.close();
    shutdownFieldDependencies();
    await rm(flagDirectory, { recursive: true, force: true });
  }
  return {
    windows,
    samples: [...generators.flatMap((generator) => generator.samples), ...spikes.flatMap(spikeSamples)],
    timeline,
    transitions: sampler?.transitions ?? [],
    breaker,
    brownout,
    capacity,
    levels: (sampler?.snapshots ?? []).flatMap((snapshot) => (snapshot.brownout === undefined ? [] : [{ at: snapshot.at, level: snapshot.brownout.level }])),
    clientTimeoutMs: timeoutMs,
    interrupted,
  };

  /** Sends the spike of an overload phase to the library API, in an open loop, for the phase. */
  function startSpike(url: string, ratePerSecond: number): { generator: OpenLoopGenerator; running: Promise<void> } {
    const generator = new OpenLoopGenerator(url, clock, {
      stages: [{ ratePerSecond, seconds: options.phaseSeconds }],
      timeoutMs,
      request: prefetchMix(SPIKE_LOW_SHARE),
    });
    spikes.push(generator);
    return { generator, running: generator.run() };
  }
}

/** A spike's samples as the library mode's. */
function spikeSamples(generator: OpenLoopGenerator): RequestSample[] {
  return generator.samples.map(({ sentAt, latencyMs, outcome, degraded }) => ({ mode: 'library', sentAt, latencyMs, outcome, degraded }));
}
