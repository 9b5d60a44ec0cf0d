import { OpenLoopGenerator } from '../load/OpenLoopGenerator.js';
import type { OpenLoopSample } from '../load/OpenLoopSample.js';
import type { LoadStage } from '../load/openLoopSchedule.js';
import { prefetchMix } from '../load/prefetchMix.js';
import type { Clock } from '../load/RequestSample.js';
import { MetricsTrace } from './MetricsTrace.js';

/** Options of {@link openLoopRun}. */
export interface OpenLoopRunOptions {
  readonly stages: readonly LoadStage[];
  /** How long a client waits for an answer, from when its request was due. */
  readonly timeoutMs: number;
  /** The share of requests sent as prefetches (low priority). */
  readonly lowShare: number;
  /** How often `/metrics` is scraped. */
  readonly scrapeIntervalMs: number;
  /** The field whose `field_dependency_in_flight` is read at each scrape. */
  readonly field?: string;
}

/** What an {@link openLoopRun} recorded, on one clock. */
export interface OpenLoopRunResult {
  readonly samples: readonly OpenLoopSample[];
  readonly trace: MetricsTrace;
  /** When each stage started (and, last, when the schedule ended), in milliseconds on the clock. */
  readonly stageStarts: readonly number[];
  /** The latest a request was sent after it was due (the generator's own lag). */
  readonly maxLagMs: number;
}

/**
 * Sends `options.stages` of pages (`prefetchMix`) to `api` in an open loop while scraping its `/metrics`,
 * and returns every request's sample and the scrapes. Resolves once every request is answered or given up.
 */
export async function openLoopRun(api: { readonly url: string; readonly metricsUrl: string }, clock: Clock, options: OpenLoopRunOptions): Promise<OpenLoopRunResult> {
  const trace = new MetricsTrace(api.metricsUrl, clock, options.field);
  const generator = new OpenLoopGenerator(api.url, clock, { stages: options.stages, timeoutMs: options.timeoutMs, request: prefetchMix(options.lowShare) });
  trace.start(options.scrapeIntervalMs);
  try {
    await generator.run();
  } finally {
    await trace.stop();
  }
  const stageStarts = [generator.startedAt];
  for (const stage of options.stages) stageStarts.push((stageStarts.at(-1) as number) + stage.seconds * 1000);
  return { samples: generator.samples, trace, stageStarts, maxLagMs: generator.maxLagMs };
}

/** The samples of the requests due during stage `index`. */
export function stageSamples(run: OpenLoopRunResult, index: number): OpenLoopSample[] {
  const from = run.stageStarts[index] as number;
  const to = run.stageStarts[index + 1] as number;
  return run.samples.filter((sample) => sample.sentAt >= from && sample.sentAt < to);
}
