import { setTimeout as sleep } from 'node:timers/promises';
import { LoadGenerator, type LoadTarget } from '../load/LoadGenerator.js';
import { percentile } from '../load/percentile.js';
import { pagePath } from '../load/requestPaths.js';
import type { LoadRunResult } from './LoadRunResult.js';

/** Sent before measuring and not counted: fresh connections and code paths not yet optimised make a cold start. */
export const WARMUP_SECONDS = 1;

/**
 * Sends pin and board pages (`pagePath`) to `target` at `rate` requests per second, evenly spaced, for
 * {@link WARMUP_SECONDS} then `seconds`, and measures the requests sent after the warm-up; a request
 * without an answer after `timeoutMs` counts as a timeout. Latency percentiles are over the answered requests.
 */
export async function pacedRun(target: LoadTarget, seconds: number, rate: number, timeoutMs: number): Promise<LoadRunResult> {
  const startedAt = performance.now();
  const clock = () => performance.now() - startedAt;
  const generator = new LoadGenerator(target, clock, { ratePerSecond: rate, timeoutMs, path: pagePath });
  generator.start();
  await sleep(WARMUP_SECONDS * 1000);
  const measuredFrom = clock();
  await sleep(seconds * 1000);
  await generator.stop();
  const measured = generator.samples.filter((sample) => sample.sentAt >= measuredFrom);
  const answered = measured.filter((sample) => sample.outcome !== 'no answer');
  const latencies = answered.map((sample) => sample.latencyMs);
  return {
    requestsPerSecond: answered.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    answers: answered.length,
    serverErrors: answered.filter((sample) => (sample.outcome as number) >= 500).length,
    timeouts: measured.length - answered.length,
  };
}
