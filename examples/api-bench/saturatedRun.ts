import autocannon from 'autocannon';
import { percentile } from '../load/percentile.js';
import { pagePath } from '../load/requestPaths.js';
import type { LoadRunResult } from './LoadRunResult.js';

/** Pin pages and board pages, every field, in a fixed cycle (`pagePath`). */
const REQUESTS = Array.from({ length: 64 }, (_, sequence) => ({ method: 'GET' as const, path: pagePath(sequence) }));

/**
 * Drives `url` as fast as it answers with autocannon (`connections` requests in flight at all times),
 * measuring every answer's latency itself, to a fraction of a millisecond.
 */
export async function saturatedRun(url: string, seconds: number, connections: number): Promise<LoadRunResult> {
  const latencies: number[] = [];
  let serverErrors = 0;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({ url, connections, duration: seconds, requests: REQUESTS }, (error: unknown, result) => (error ? fail(error) : finish(result)));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode >= 500) serverErrors++;
  });
  const result = await done;
  return {
    requestsPerSecond: latencies.length / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    answers: latencies.length,
    serverErrors,
    timeouts: result.timeouts,
  };
}
