import { goodput, type Goodput, type GoodputCriteria } from '../load/goodput.js';
import { percentile } from '../load/percentile.js';
import { stageSamples, type OpenLoopRunResult } from './openLoopRun.js';

/** One overload run, summed up: stage 1 is the overload, stage 2 the recovery (see `main.ts`). */
export interface OverloadRow {
  /** The offered load, as `2×`. */
  readonly offered: string;
  readonly server: string;
  /** Goodput over the requests due during the overload. */
  readonly overload: Goodput;
  /** The same, user-initiated requests only (`normal`) and prefetches only (`low`). */
  readonly normal: Goodput;
  readonly low: Goodput;
  /** Goodput over the requests due during the recovery stage. */
  readonly recovery: Goodput;
  /** Latency of the overload's answered requests (any status), in milliseconds. */
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  /** Of the overload's 2xx answers, the share with every field (nothing in `x-degraded-fields`). */
  readonly whole: number | undefined;
  /** The brownout level during the overload: mean and highest; `undefined` without brownout. */
  readonly meanLevel: number | undefined;
  readonly maxLevel: number | undefined;
  /** The latest the generator sent a request after it was due. */
  readonly maxLagMs: number;
}

/** Sums up an overload run (stages: warm-up, overload, recovery). */
export function overloadRow(offered: string, server: string, run: OpenLoopRunResult, criteria: GoodputCriteria): OverloadRow {
  const during = stageSamples(run, 1);
  const answered = during.filter((sample) => sample.outcome !== 'no answer');
  const ok = answered.filter((sample) => (sample.outcome as number) >= 200 && (sample.outcome as number) <= 299);
  const from = run.stageStarts[1] as number;
  const to = run.stageStarts[2] as number;
  const levels = run.trace.points.filter((point) => point.at >= from && point.at < to && point.level !== undefined).map((point) => point.level as number);
  return {
    offered,
    server,
    overload: goodput(during, criteria),
    normal: goodput(during.filter((sample) => sample.priority !== 'low'), criteria),
    low: goodput(during.filter((sample) => sample.priority === 'low'), criteria),
    recovery: goodput(stageSamples(run, 2), criteria),
    p50: percentile(answered.map((sample) => sample.latencyMs), 50),
    p99: percentile(answered.map((sample) => sample.latencyMs), 99),
    whole: ok.length === 0 ? undefined : ok.filter((sample) => sample.degraded.length === 0).length / ok.length,
    meanLevel: levels.length === 0 ? undefined : levels.reduce((sum, level) => sum + level, 0) / levels.length,
    maxLevel: levels.length === 0 ? undefined : Math.max(...levels),
    maxLagMs: run.maxLagMs,
  };
}

/** The overload rows as a Markdown table. */
export function overloadTable(rows: readonly OverloadRow[]): string {
  return [
    '| offered | server | goodput | user / prefetch goodput | late, failed | p50 / p99 ms | whole pages | level mean / max | goodput in recovery | generator lag ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.offered} | ${row.server} | ${percent(row.overload.share)} | ${percent(row.normal.share)} / ${percent(row.low.share)} | ` +
        `${percent(row.overload.late / row.overload.requests)}, ${percent(row.overload.failed / row.overload.requests)} | ${ms(row.p50)} / ${ms(row.p99)} | ` +
        `${percent(row.whole)} | ${level(row.meanLevel)} / ${level(row.maxLevel)} | ${percent(row.recovery.share)} | ${row.maxLagMs.toFixed(0)} |`,
    ),
  ].join('\n');
}

/** One server in the slow-upstream scenario. */
export interface SlowUpstreamRow {
  readonly server: string;
  /** p99 of pages with every upstream at its base latency, and with one 10× slower, in milliseconds. */
  readonly healthyP99: number | undefined;
  readonly slowP99: number | undefined;
  /** The most calls in flight at the slow upstream at once (counted there). */
  readonly upstreamMaxInFlight: number;
  /** The most in `field_dependency_in_flight` of the slow field, over scrapes every 250 ms. */
  readonly gaugeMaxInFlight: number | undefined;
  /** Shares of the slow stage's requests: answered without the slow field, failed (5xx or no answer). */
  readonly withoutField: number | undefined;
  readonly failed: number | undefined;
}

/** The slow-upstream rows as a Markdown table. */
export function slowUpstreamTable(rows: readonly SlowUpstreamRow[]): string {
  return [
    '| server | p99 ms healthy | p99 ms slow | slow / healthy | most in flight at the upstream | most in the in-flight gauge | pages without the field | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.server} | ${ms(row.healthyP99)} | ${ms(row.slowP99)} | ${row.healthyP99 === undefined || row.slowP99 === undefined ? '-' : `${(row.slowP99 / row.healthyP99).toFixed(1)}×`} | ` +
        `${row.upstreamMaxInFlight} | ${row.gaugeMaxInFlight ?? '-'} | ${percent(row.withoutField)} | ${percent(row.failed)} |`,
    ),
  ].join('\n');
}

function percent(share: number | undefined): string {
  return share === undefined || !Number.isFinite(share) ? '-' : `${(100 * share).toFixed(1)}%`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}

function level(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}
