import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { shutdownFieldDependencies, type BreakerOptions } from 'field-dependency';
import { httpGet } from '../load/httpGet.js';
import { mixedPath, pagePath } from '../load/requestPaths.js';
import { writeDeciderFlags } from '../pins-api/deciders/writeDeciderFlags.js';
import { COMMENTS_TIMEOUT_MS } from '../pins-api/fields.js';
import { INCIDENT_PHASES } from '../pins-api/incidentPhases.js';
import { startPinsApi, type DemoMode, type PinsApi } from '../pins-api/startPinsApi.js';
import { startUpstreams } from '../pins-api/upstreams/startUpstreams.js';
import { LiveView } from './liveView.js';
import { LoadGenerator } from '../load/LoadGenerator.js';
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

/** What a run recorded. */
export interface DemoRecord {
  readonly windows: readonly PhaseWindow[];
  readonly samples: readonly RequestSample[];
  readonly timeline: readonly TimelinePoint[];
  readonly transitions: readonly BreakerTransition[];
  readonly breaker: BreakerOptions;
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
 * Runs the demo: starts the upstreams and both APIs on free loopback ports, sends the same traffic to
 * both while the upstreams go through {@link INCIDENT_PHASES}, shows the live view on `out`, and closes
 * everything (APIs, upstreams, breakers) before returning, also when `signal` aborts.
 */
export async function runDemo(options: DemoOptions, out: NodeJS.WritableStream & { readonly isTTY?: boolean }, signal: AbortSignal): Promise<DemoRecord> {
  const startedAt = performance.now();
  const clock = () => performance.now() - startedAt;
  const phaseMs = options.phaseSeconds * 1000;
  const breaker = demoBreaker(options.phaseSeconds);
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
        `  library mode  ${library.url}  fields are field dependencies (breaker, comments timeoutMs ${COMMENTS_TIMEOUT_MS}, x-degraded-fields, deciders from ${deciderFile})`,
        `  naive mode    ${naive.url}  the same loaders, unwrapped`,
        `  traffic       ${options.ratePerSecond} requests/s to each (pin pages, board pages, 1 in 40 a bad request); clients give up after ${timeoutMs} ms`,
        `  phases        ${INCIDENT_PHASES.length} × ${options.phaseSeconds} s: ${INCIDENT_PHASES.map((phase) => phase.title).join(' → ')}`,
        '',
      ].join('\n'),
    );
    // The first calls pay for connections and JIT: keep them out of the measured phases (and the comments timeout).
    for (let sequence = 0; sequence < 8; sequence++) await Promise.all(apis.map((api) => httpGet(`${api.url}${pagePath(sequence)}`)));

    sampler = new MetricsSampler(library.metricsUrl, clock);
    await sampler.start(SCRAPE_INTERVAL_MS);
    generators = apis.map((api) => new LoadGenerator(api, clock, { ratePerSecond: options.ratePerSecond, timeoutMs, path: mixedPath }));
    const live = new LiveView(out);
    const activeSampler = sampler;
    const samples = () => generators.flatMap((generator) => generator.samples);
    ticker = setInterval(() => {
      const to = clock();
      const phase = windows.length - 1;
      if (phase < 0) return;
      const point = timelinePoint({ from: to - TICK_MS, to, phase }, samples(), { start: activeSampler.snapshotAt(to - TICK_MS), end: activeSampler.latest });
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
      try {
        await sleep(phaseMs, undefined, { signal });
      } finally {
        window.to = clock();
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    interrupted = true;
  } finally {
    clearInterval(ticker);
    await Promise.all(generators.map((generator) => generator.stop()));
    await sampler?.stop().catch(() => undefined);
    await Promise.all(apis.map((api) => api.close()));
    await upstreams.close();
    shutdownFieldDependencies();
    await rm(flagDirectory, { recursive: true, force: true });
  }
  return {
    windows,
    samples: generators.flatMap((generator) => generator.samples),
    timeline,
    transitions: sampler?.transitions ?? [],
    breaker,
    clientTimeoutMs: timeoutMs,
    interrupted,
  };
}
