/**
 * `npm run bench:overload`: the pins API past its capacity, in an open loop (arrivals on a schedule, not
 * waiting for answers), naive beside the library without brownout and the library with brownout
 * (`configure({ brownout })`, tiers on the optional fields, a share of requests sent as low-priority
 * prefetches). Then one upstream ten times slower at 80% of capacity, with and without a concurrency
 * limit on its field; then what brownout costs when idle (paired saturated rounds). The upstreams and
 * each API run in their own processes (with `--pin`, each API on a CPU of its own, see `cpuPinning`). Prints
 * a Markdown section for BENCHMARKS.md; see its header for what is measured.
 *
 *     npm run bench:overload -- [--seconds 60] [--recovery-seconds 20] [--warm-seconds 5] [--multipliers 1.5,2]
 *       [--saturation <req/s>] [--slo-ms <ms>] [--low-share 0.25] [--slow-seconds 30] [--slow-load 0.8] [--upstream-latency-ms 5]
 *       [--field-work-us 100] [--rounds 5] [--round-seconds 5] [--only overload,slow-upstream,healthy-cost] [--pin]
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { httpGet } from '../load/httpGet.js';
import { percentile } from '../load/percentile.js';
import { pagePath } from '../load/requestPaths.js';
import type { PinsApiOptions } from '../pins-api/startPinsApi.js';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';
import { setFaults, upstreamStats } from '../api-bench/adminClient.js';
import { BENCH_BREAKER } from '../api-bench/benchBreaker.js';
import { cpuPinning, pinProcess } from '../api-bench/cpuPinning.js';
import type { TargetCheck } from '../api-bench/benchReport.js';
import { pairedTarget, type Rounds } from '../api-bench/pairedRounds.js';
import { saturatedRun } from '../api-bench/saturatedRun.js';
import { ServerChild } from '../api-bench/ServerChild.js';
import { openLoopRun, stageSamples, type OpenLoopRunResult } from './openLoopRun.js';
import { overloadRow, overloadTable, slowUpstreamTable, type OverloadRow, type SlowUpstreamRow } from './overloadReport.js';
import { BENCH_FLAGS, benchOptions } from './benchOptions.js';
import { formatTrace, recoveryMs, reversals } from '../load/levelTrace.js';
import { machineLine } from './machineLine.js';

const options = benchOptions(parseArgs({ options: BENCH_FLAGS, strict: true }).values);
const log = (message: string) => console.error(`[bench:overload ${new Date().toISOString().slice(11, 19)}] ${message}`);
/** The critical field of the pins API: a page without it is not a good answer. */
const CRITICAL = ['images'];
/** The field slowed down in the slow-upstream scenario (non-critical, no `timeoutMs`). */
const SLOW_FIELD = 'board';
const SLOW_UPSTREAM = 'boards';
const SCRAPE_MS = 1000;

type Api = ServerChild<{ url: string; metricsUrl: string; mode: string }>;
const children: ServerChild<unknown>[] = [];
process.once('SIGINT', () => {
  void Promise.all(children.map((child) => child.stop())).then(() => process.exit(130));
});
const pinning = options.pin ? cpuPinning() : undefined;
const startedAt = performance.now();
const clock = () => performance.now() - startedAt;
const loadBefore = loadavg()[0] as number;

const upstreams = await ServerChild.start<{ urls: UpstreamUrls; adminUrl: string }>(['upstreams']);
children.push(upstreams);
const urls = JSON.stringify(upstreams.info.urls);
const admin = upstreams.info.adminUrl;
if (pinning !== undefined) for (const pid of [upstreams.pid, process.pid]) pinProcess(pid, pinning.rest);

/**
 * Starts an API process, pinned to the API CPU, warmed up. `apiOptions`: its brownout and concurrency limit
 * (library mode), and the CPU it spends per field value (`--field-work-us` unless given).
 */
async function startApi(mode: 'naive' | 'library', apiOptions: Pick<PinsApiOptions, 'brownout' | 'boardConcurrencyLimit' | 'fieldWorkMicros'> = {}): Promise<Api> {
  const given = JSON.stringify({ fieldWorkMicros: options.fieldWorkMicros, ...apiOptions });
  const api: Api = await ServerChild.start(mode === 'naive' ? ['api', 'naive', '-', urls, given] : ['api', 'library', JSON.stringify(BENCH_BREAKER), urls, given]);
  children.push(api);
  if (pinning !== undefined) pinProcess(api.pid, pinning.api);
  await saturatedRun(api.info.url, 3, 10);
  return api;
}

/** Waits until `api` answers a page within `withinMs` again (an overloaded API works through what it queued). */
async function settle(api: Api, withinMs: number): Promise<void> {
  await sleep(2000);
  for (let attempt = 0; attempt < 30; attempt++) {
    const sentAt = performance.now();
    const answer = await httpGet(`${api.info.url}${pagePath(attempt)}`, AbortSignal.timeout(5000)).catch(() => undefined);
    if (answer?.status === 200 && performance.now() - sentAt <= withinMs) return;
    await sleep(1000);
  }
  log(`${api.info.mode} still slow after 30 s of settling; going on`);
}

const checks: TargetCheck[] = [];
const overloadRows: OverloadRow[] = [];
const traces: string[] = [];
const slowRows: SlowUpstreamRow[] = [];
let healthyCost: TargetCheck | undefined;
let saturation: number;
let healthyP99: number;
let sloMs: number;
try {
  const library = await startApi('library');
  if (options.saturation === undefined) {
    log(`saturation: autocannon on the library API (brownout off), 10 connections, ${options.saturationSeconds} s`);
    saturation = Math.round((await saturatedRun(library.info.url, options.saturationSeconds, 10)).requestsPerSecond);
  } else {
    saturation = options.saturation;
  }
  log(`saturation ${saturation} req/s; healthy p99 at 0.5× for 10 s after ${options.warmSeconds} s at the same rate, open loop`);
  const healthy = await openLoopRun(library.info, clock, {
    stages: [
      { ratePerSecond: saturation / 2, seconds: options.warmSeconds },
      { ratePerSecond: saturation / 2, seconds: 10 },
    ],
    timeoutMs: 2000,
    lowShare: options.lowShare,
    scrapeIntervalMs: SCRAPE_MS,
  });
  const measured = stageSamples(healthy, 1);
  healthyP99 = percentile(measured.map((sample) => sample.latencyMs), 99) as number;
  const outcomes = new Map<string, number>();
  for (const sample of measured) outcomes.set(String(sample.outcome), (outcomes.get(String(sample.outcome)) ?? 0) + 1);
  log(`healthy: ${measured.length} requests (${[...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}), generator lag up to ${healthy.maxLagMs.toFixed(0)} ms`);
  sloMs = options.sloMs ?? Math.ceil(4 * healthyP99);
  const targetLatencyMs = Math.max(1, Math.round(sloMs / 2));
  const timeoutMs = Math.max(2000, 10 * sloMs);
  log(`healthy p99 ${healthyP99.toFixed(1)} ms → SLO ${sloMs} ms, brownout targetLatencyMs ${targetLatencyMs}`);
  const brownout = options.only.includes('overload') ? await startApi('library', { brownout: { targetLatencyMs } }) : undefined;

  if (options.only.includes('overload') && brownout !== undefined) {
    const naive = await startApi('naive');
    for (const multiplier of options.multipliers) {
      for (const [name, api] of [
        ['naive', naive],
        ['library, brownout off', library],
        ['library, brownout on', brownout],
      ] as const) {
        log(`overload ${multiplier}× (${Math.round(multiplier * saturation)} req/s) for ${options.seconds} s, then 0.5× for ${options.recoverySeconds} s: ${name}`);
        const stages = [
          { ratePerSecond: saturation / 2, seconds: options.warmSeconds },
          { ratePerSecond: multiplier * saturation, seconds: options.seconds },
          { ratePerSecond: saturation / 2, seconds: options.recoverySeconds },
        ];
        const run = await openLoopRun(api.info, clock, { stages, timeoutMs, lowShare: options.lowShare, scrapeIntervalMs: SCRAPE_MS });
        const row = overloadRow(`${multiplier}×`, name, run, { sloMs, criticalFields: CRITICAL });
        overloadRows.push(row);
        if (name === 'library, brownout on') traces.push(levelTraceLine(multiplier, run));
        if (name === 'library, brownout on' && multiplier === Math.max(...options.multipliers)) checkBrownout(multiplier, row, run);
        await settle(api, sloMs);
      }
    }
  }

  if (options.only.includes('slow-upstream')) {
    // Fresh processes: an API the overload pushed past its capacity may still be working off what it queued.
    const unlimitedApi = await startApi('library');
    const limited = await startApi('library', { boardConcurrencyLimit: { adaptive: true } });
    const rate = options.slowLoad * saturation;
    const base = { latencyMs: options.upstreamLatencyMs };
    const healthyFaults = { shopping: base, comments: base, boards: base, images: base };
    for (const [name, api] of [
      ['library, no concurrency limit', unlimitedApi],
      ['library, adaptive concurrency limit on board', limited],
    ] as const) {
      log(`slow upstream: every upstream ${options.upstreamLatencyMs} ms, then ${SLOW_UPSTREAM} ×10, at ${options.slowLoad}× (${Math.round(rate)} req/s) for ${options.slowSeconds} s each: ${name}`);
      await setFaults(admin, healthyFaults);
      const before = await openLoopRun(api.info, clock, { stages: [{ ratePerSecond: rate, seconds: options.slowSeconds }], timeoutMs, lowShare: 0, scrapeIntervalMs: 250, field: SLOW_FIELD });
      await setFaults(admin, { ...healthyFaults, [SLOW_UPSTREAM]: { latencyMs: 10 * options.upstreamLatencyMs } });
      const slow = await openLoopRun(api.info, clock, { stages: [{ ratePerSecond: rate, seconds: options.slowSeconds }], timeoutMs, lowShare: 0, scrapeIntervalMs: 250, field: SLOW_FIELD });
      const upstream = await upstreamStats(admin, SLOW_UPSTREAM);
      await setFaults(admin, {});
      slowRows.push(slowRow(name, before, slow, upstream.maxInFlight));
      await settle(api, sloMs);
    }
    const [unlimited, limitedRow] = slowRows as [SlowUpstreamRow, SlowUpstreamRow];
    checks.push({
      target: `slow upstream (${SLOW_UPSTREAM} ×10 at ${options.slowLoad}×): with the concurrency limit, p99 of pages ≤ 2× healthy p99, in-flight calls bounded`,
      measured:
        `p99 ${limitedRow.slowP99?.toFixed(1)} ms vs healthy ${limitedRow.healthyP99?.toFixed(1)} ms (${((limitedRow.slowP99 ?? Infinity) / (limitedRow.healthyP99 ?? 1)).toFixed(1)}×), ` +
        `at most ${limitedRow.upstreamMaxInFlight} calls in flight at the upstream (${limitedRow.gaugeMaxInFlight ?? '-'} in the gauge); ` +
        `without the limit p99 ${unlimited.slowP99?.toFixed(1)} ms, ${unlimited.upstreamMaxInFlight} in flight`,
      met: (limitedRow.slowP99 ?? Infinity) <= 2 * (limitedRow.healthyP99 ?? 0),
    });
  }

  if (options.only.includes('healthy-cost')) {
    // The lean API (no field work, the brownout's share of the work the largest), and the utilisation signal
    // off: autocannon keeps the API saturated, where that signal would shed, and the cost to measure is the
    // idle brownout's (its sampler, the scopes measuring each request).
    const lean = await startApi('library', { fieldWorkMicros: 0 });
    const leanBrownout = await startApi('library', { fieldWorkMicros: 0, brownout: { targetLatencyMs, maxEventLoopUtilization: 1 } });
    log(`healthy cost: ${options.rounds} paired saturated rounds of ${options.roundSeconds} s, brownout off vs on (idle), no field work`);
    const rounds = { off: { results: [], cpuMicros: [] } as Rounds, on: { results: [], cpuMicros: [] } as Rounds };
    for (let round = 0; round < options.rounds; round++) {
      for (const [side, api] of [
        ['off', lean],
        ['on', leanBrownout],
      ] as const) {
        const cpuBefore = await api.cpuMicros();
        rounds[side].results.push(await saturatedRun(api.info.url, options.roundSeconds, 10));
        rounds[side].cpuMicros.push((await api.cpuMicros()) - cpuBefore);
      }
    }
    healthyCost = pairedTarget('healthy cost: brownout on but idle, throughput ≥ 99% of brownout off (saturated, 10 connections)', rounds.on, rounds.off, 0.99);
    checks.push(healthyCost);
  }
} finally {
  await Promise.all(children.map((child) => child.stop()));
}

console.log(`## Overload and slow upstreams: brownout and the concurrency limit (\`npm run bench:overload\`, issue 23)

${machineLine(loadBefore, loadavg()[0] as number, pinning)}

Saturation of the library API (brownout off): ${saturation} req/s${options.saturation === undefined ? ` (autocannon, 10 connections, ${options.saturationSeconds} s)` : ' (given)'}. Healthy p99 at 0.5×, open loop (10 s after ${options.warmSeconds} s at the same rate): ${healthyP99.toFixed(1)} ms;
SLO ${sloMs} ms${options.sloMs === undefined ? ' (4× the healthy p99)' : ' (given)'}; brownout \`targetLatencyMs\` ${Math.max(1, Math.round(sloMs / 2))} (half the SLO), other options default.
Every API spends ${options.fieldWorkMicros} µs of CPU per field value it hydrates with data (\`fieldWorkMicros\`, \`--field-work-us\`), in every scenario but the healthy cost.
Goodput: requests answered 2xx within the SLO with the critical \`images\` present, of all requests due in the stage; ${(100 * options.lowShare).toFixed(0)}% of requests are
prefetches (\`x-priority: low\`). Each run: 0.5× for ${options.warmSeconds} s, the overload for ${options.seconds} s, 0.5× for ${options.recoverySeconds} s (recovery).

${overloadRows.length === 0 ? '(overload not run)' : overloadTable(overloadRows)}

${traces.length === 0 ? '' : `Brownout level (classes shed, 0–6), each second from \`/metrics\`, warm-up → overload → recovery:\n\n${traces.join('\n')}\n`}
${slowRows.length === 0 ? '(slow upstream not run)' : slowUpstreamTable(slowRows)}

${healthyCost === undefined ? '(healthy cost not run)' : `Healthy cost (no field work; the utilisation signal off, since autocannon keeps the API saturated): ${healthyCost.measured}.`}

Targets:

${checks.map((check) => `- ${check.met ? 'met' : '**missed**'}: ${check.target} — ${check.measured}`).join('\n')}

Command: \`npm run bench:overload -- ${process.argv.slice(2).join(' ')}\`.`);
process.exitCode = checks.every((check) => check.met) ? 0 : 1;

/** The brownout targets of the highest multiplier: goodput, recovery, no oscillation. */
function checkBrownout(multiplier: number, row: OverloadRow, run: OpenLoopRunResult): void {
  const naiveRow = overloadRows.find((other) => other.offered === row.offered && other.server === 'naive');
  const offRow = overloadRows.find((other) => other.offered === row.offered && other.server === 'library, brownout off');
  const percent = (share: number | undefined) => (share === undefined ? '-' : `${(100 * share).toFixed(1)}%`);
  checks.push({
    target: `overload ${multiplier}×: goodput with brownout ≥ 95%`,
    measured: `${percent(row.overload.share)} (naive ${percent(naiveRow?.overload.share)}, brownout off ${percent(offRow?.overload.share)})`,
    met: (row.overload.share ?? 0) >= 0.95,
  });
  const recovery = recoveryMs(levelPoints(run), run.stageStarts[2] as number);
  checks.push({
    target: 'full service within 10 s of the load back to normal',
    measured: recovery === undefined ? 'the level was not back at 0 by the end of the run' : `${(recovery / 1000).toFixed(0)} s`,
    met: recovery !== undefined && recovery <= 10_000,
  });
  const steadyFrom = (run.stageStarts[1] as number) + Math.min(10_000, ((run.stageStarts[2] as number) - (run.stageStarts[1] as number)) / 2);
  const steady = levelPoints(run).filter((point) => point.at >= steadyFrom && point.at <= (run.stageStarts[2] as number));
  const turns = reversals(steady, steadyFrom, run.stageStarts[2] as number, 1);
  checks.push({
    target: 'no oscillation: at most one reversal of a class or more while the overload is steady (after its first 10 s)',
    measured: steady.length === 0 ? 'no level scraped while the overload was steady' : `${turns} reversal(s) over ${steady.length} scrapes`,
    met: steady.length > 0 && turns <= 1,
  });
}

function levelPoints(run: OpenLoopRunResult): { at: number; level: number }[] {
  return run.trace.points.filter((point) => point.level !== undefined).map((point) => ({ at: point.at, level: point.level as number }));
}

function levelTraceLine(multiplier: number, run: OpenLoopRunResult): string {
  const recovery = recoveryMs(levelPoints(run), run.stageStarts[2] as number);
  return `- ${multiplier}×: \`${formatTrace(levelPoints(run))}\` (recovery ${recovery === undefined ? 'not reached' : `${(recovery / 1000).toFixed(0)} s`}, ${run.trace.missed} scrape(s) missed)`;
}

function slowRow(server: string, before: OpenLoopRunResult, slow: OpenLoopRunResult, upstreamMaxInFlight: number): SlowUpstreamRow {
  const p99 = (run: OpenLoopRunResult) => percentile(stageSamples(run, 0).map((sample) => sample.latencyMs), 99);
  const samples = stageSamples(slow, 0);
  return {
    server,
    healthyP99: p99(before),
    slowP99: p99(slow),
    upstreamMaxInFlight,
    gaugeMaxInFlight: slow.trace.maxInFlight,
    withoutField: samples.length === 0 ? undefined : samples.filter((sample) => sample.degraded.includes(SLOW_FIELD)).length / samples.length,
    failed: samples.length === 0 ? undefined : samples.filter((sample) => sample.outcome === 'no answer' || sample.outcome >= 500).length / samples.length,
  };
}
