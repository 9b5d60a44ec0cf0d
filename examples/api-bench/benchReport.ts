import type { LoadRunResult } from './LoadRunResult.js';

/** One row of the benchmark table: a phase, both modes side by side. */
export interface BenchRow {
  readonly phase: string;
  readonly library: LoadRunResult;
  /** `undefined` where naive mode is the row above (a breaker only exists in library mode). */
  readonly naive: LoadRunResult | undefined;
}

/** One API's throughput when saturated, and what each request cost it in CPU. */
export interface Throughput {
  readonly name: string;
  readonly result: LoadRunResult;
  readonly cpuMicrosPerRequest: number;
}

/** A target of issue 5, checked. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** The rows as a Markdown table. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| phase | req/s library | req/s naive | p50 ms library | p50 ms naive | p99 ms library | p99 ms naive | 5xx library | 5xx naive |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { phase, library, naive } of rows) {
    lines.push(
      `| ${phase} | ${rate(library)} | ${naive === undefined ? '—' : rate(naive)} | ${ms(library.p50)} | ${naive === undefined ? '—' : ms(naive.p50)} | ` +
        `${ms(library.p99)} | ${naive === undefined ? '—' : ms(naive.p99)} | ${share(library)} | ${naive === undefined ? '—' : share(naive)} |`,
    );
  }
  return lines.join('\n');
}

/** The saturated runs as a Markdown table, one column per API. */
export function throughputTable(runs: readonly Throughput[]): string {
  return [
    `| | ${runs.map((run) => run.name).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    `| req/s | ${runs.map((run) => rate(run.result)).join(' | ')} |`,
    `| CPU µs per request | ${runs.map((run) => run.cpuMicrosPerRequest.toFixed(0)).join(' | ')} |`,
    `| p50 ms | ${runs.map((run) => ms(run.result.p50)).join(' | ')} |`,
    `| p99 ms | ${runs.map((run) => ms(run.result.p99)).join(' | ')} |`,
    `| 5xx | ${runs.map((run) => share(run.result)).join(' | ')} |`,
  ].join('\n');
}

/** The targets as a Markdown list. */
export function markdownTargets(checks: readonly TargetCheck[]): string {
  return checks.map((check) => `- ${check.met ? 'met' : '**missed**'}: ${check.target} — ${check.measured}`).join('\n');
}

/** The share of requests answered 5xx, and of those without an answer, of all requests sent. */
export function share(result: LoadRunResult): string {
  const sent = result.answers + result.timeouts;
  if (sent === 0) return '-';
  const errors = `${((100 * result.serverErrors) / sent).toFixed(1)}%`;
  return result.timeouts === 0 ? errors : `${errors} (+${((100 * result.timeouts) / sent).toFixed(0)}% no answer)`;
}

function rate(result: LoadRunResult): string {
  return result.requestsPerSecond.toFixed(0);
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}
