import type { TargetCheck } from './benchReport.js';
import type { LoadRunResult } from './LoadRunResult.js';

/** One API's saturated rounds, in the order they ran, and the CPU time each took in the API process. */
export interface Rounds {
  readonly results: LoadRunResult[];
  readonly cpuMicros: number[];
}

/**
 * `target`: the median over rounds of (one's throughput / the other's in the same round) reaches `atLeast`;
 * reported with every round's ratio and the CPU per request ratio. This machine's speed drifts from minute
 * to minute: each round is compared with the round of the other API run next to it.
 */
export function pairedTarget(target: string, one: Rounds, other: Rounds, atLeast: number): TargetCheck {
  const ratios = one.results.map((result, round) => result.requestsPerSecond / (other.results[round] as LoadRunResult).requestsPerSecond);
  const cpuRatios = one.results.map(
    (result, round) => (one.cpuMicros[round] as number) / result.answers / ((other.cpuMicros[round] as number) / (other.results[round] as LoadRunResult).answers),
  );
  const ratio = medianOf(ratios);
  const percent = (value: number) => `${(100 * value).toFixed(0)}%`;
  return {
    target,
    measured: `${(100 * ratio).toFixed(1)}% (median of ${ratios.length} paired rounds: ${ratios.map(percent).join(', ')}); CPU per request ${(100 * medianOf(cpuRatios)).toFixed(1)}% (${cpuRatios.map(percent).join(', ')})`,
    met: ratio >= atLeast,
  };
}

/** Rounds of the same run combined: answers over total time, the median of each percentile. */
export function combineRounds(results: readonly LoadRunResult[]): LoadRunResult {
  const median = (pick: (result: LoadRunResult) => number | undefined) => {
    const values = results.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : medianOf(values);
  };
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0) / results.length,
    p50: median((result) => result.p50),
    p99: median((result) => result.p99),
    answers: results.reduce((sum, result) => sum + result.answers, 0),
    serverErrors: results.reduce((sum, result) => sum + result.serverErrors, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
  };
}

/** The median of `values` (the upper one of an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
