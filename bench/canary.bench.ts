/**
 * `npm run bench:canary`: judging 50 owners × 10 fields over a 1-hour window at 10 s steps. The data are
 * synthetic, written with `promtool tsdb create-blocks-from openmetrics` (scrapes every 5 s, an hour that
 * ended at the last full hour minus one, kept in the temporary directory between runs), served by a real
 * Prometheus (Debian's). The baseline degrades 1% everywhere; the canary degrades 20% on one field of
 * one owner. Side by side, BENCH_RUNS times each (median): the CLI's six range queries sent straight to
 * Prometheus (Prometheus' own time), and the whole `field-dependency canary` process (built CLI): wall
 * time and peak RSS; then, once, the CPU time the judgement itself costs (in this process). Every CLI run
 * is checked: exit 1, the regressed owner first, named with its field.
 * Target: under 5 s and 200 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { CANARY_SIGNALS, SIGNAL_GROUPINGS, callRatesQuery } from '../cli/canary/canarySignals.js';
import type { CanaryJudgement } from '../cli/canary/CanaryJudgement.js';
import { judgeCanary } from '../cli/canary/judgeCanary.js';
import { startPrometheus } from '../test/operations/support/prometheusServer.js';
import { createSyntheticTsdb, type SyntheticField } from '../test/canary/support/syntheticFleets.js';
import { expectCorrectRun } from './enforcement/expectCorrectRun.js';
import { measureProcess } from './enforcement/measureProcess.js';
import { describeMachine } from './machine.js';
import { markdownTable } from './markdownTable.js';
import { sampleStats } from './sampleStats.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const OWNERS = 50;
const FIELDS = 10;
const WINDOW_SECONDS = 3600;
const STEP_SECONDS = 10;

const cli = path.join(REPOSITORY, 'dist/cli/main.js');
expectCorrectRun(fs.existsSync(cli), `${cli} is missing; run \`npm run build\` first`);

const end = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
const directory = path.join(os.tmpdir(), `field-dependency-canary-bench-${end}`);
const fields = (regressed: number): SyntheticField[] =>
  Array.from({ length: OWNERS }, (_, owner) =>
    Array.from({ length: FIELDS }, (_, field) => ({
      owner: `owner${String(owner).padStart(2, '0')}`,
      field: `field${field}`,
      critical: field === 0,
      callsPerSecond: 2 + (owner % 5),
      degradedRatio: owner === 7 && field === 3 ? regressed : 0.01,
      latencySeconds: 0.03,
    })),
  ).flat();
if (!fs.existsSync(path.join(directory, 'ready'))) {
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(path.join(directory, 'data'), { recursive: true });
  const started = performance.now();
  console.error(`writing the synthetic TSDB in ${directory} (once; about a minute and a half)…`);
  await createSyntheticTsdb(
    [
      { track: 'baseline', fields: fields(0.01) },
      { track: 'canary', fields: fields(0.2) },
    ],
    { start: end - WINDOW_SECONDS - 60, end, scrapeSeconds: 5, workDirectory: directory, dataDirectory: path.join(directory, 'data') },
  );
  fs.rmSync(path.join(directory, 'fleets.om.txt'));
  fs.writeFileSync(path.join(directory, 'ready'), '');
  console.error(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const prometheus = await startPrometheus({ directory, ruleFiles: [] });
try {
  const canary = 'track="canary"';
  const baseline = 'track="baseline"';
  // the CLI's own queries: per fleet, the call rates by outcome and the p99 latency per owner and per field
  const latency = CANARY_SIGNALS.find((signal) => signal.name === 'latencyP99');
  const queries = [canary, baseline].flatMap((selector) => [
    callRatesQuery(selector, `${STEP_SECONDS}s`),
    ...Object.values(SIGNAL_GROUPINGS).map((by) => latency?.query(selector, by, `${STEP_SECONDS}s`) ?? ''),
  ]);
  const range = `&start=${end - WINDOW_SECONDS + STEP_SECONDS}&end=${end}&step=${STEP_SECONDS}`;
  const prometheusSeconds: number[] = [];
  const cliSeconds: number[] = [];
  const cliRss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const answers = await Promise.all(
      queries.map(async (query) => {
        const response = await fetch(`${prometheus.url}/api/v1/query_range?query=${encodeURIComponent(query)}${range}`);
        return (await response.json()) as { status: string; data: { result: unknown[] } };
      }),
    );
    prometheusSeconds.push((performance.now() - started) / 1000);
    expectCorrectRun(
      answers.every((answer) => answer.status === 'success' && answer.data.result.length > 0),
      'a range query answered no series',
    );

    const measured = measureProcess(
      process.execPath,
      [cli, 'canary', '--prometheus', prometheus.url, '--canary', canary, '--baseline', baseline, '--window', '1h', '--step', '10s', '--end', String(end), '--format', 'json', '--timeout', '120s', '--deadline', '10m'],
      REPOSITORY,
    );
    expectCorrectRun(measured.status === 1, `canary exited ${measured.status}: ${measured.stdout.slice(0, 300)}`);
    const judgement = JSON.parse(measured.stdout) as CanaryJudgement;
    const worst = judgement.owners[0];
    expectCorrectRun(
      worst?.owner === 'owner07' && worst.metrics.some((metric) => metric.field === 'field3' && metric.classification === 'high'),
      `the worst owner is ${worst?.owner}, not owner07 with field3 high`,
    );
    expectCorrectRun(judgement.owners.length === OWNERS, `${judgement.owners.length} owners judged, not ${OWNERS}`);
    cliSeconds.push(measured.wallSeconds);
    if (measured.peakRssMiB !== undefined) cliRss.push(measured.peakRssMiB);
  }
  // the CLI's own work (answers parsed, steps summed, 2,000 Mann-Whitney tests), in this process: CPU time, not wall
  const cpuBefore = process.cpuUsage();
  const inProcess = await judgeCanary({
    prometheus: prometheus.url,
    canary,
    baseline,
    end,
    windowSeconds: WINDOW_SECONDS,
    stepSeconds: STEP_SECONDS,
    thresholds: { pass: 95, marginal: 75 },
    timeoutMs: 600_000,
    deadlineMs: 600_000,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const metrics = inProcess.owners.reduce((sum, owner) => sum + owner.metrics.length, 0);
  const median = (values: number[]) => sampleStats(values).p50;
  console.log(`\n${describeMachine()}; ${RUNS} runs each, median (spread)\n`);
  console.log(
    markdownTable(
      ['what', 'wall time', 'peak RSS'],
      [
        [`the CLI's 6 range queries alone (Prometheus' own time, in parallel)`, `${median(prometheusSeconds).toFixed(2)} s (${spread(prometheusSeconds)})`, '-'],
        [
          `field-dependency canary, ${OWNERS} owners × ${FIELDS} fields, 1 h at 10 s (whole process)`,
          `${median(cliSeconds).toFixed(2)} s (${spread(cliSeconds)})`,
          cliRss.length === 0 ? 'n/a' : `${median(cliRss).toFixed(0)} MiB`,
        ],
        [`the CLI's own CPU time in one judgement (${metrics} metrics classified; user + system)`, `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`, '-'],
      ],
    ),
  );
  console.log(`\ntarget: under 5 s and 200 MB; ${median(cliSeconds) < 5 && (cliRss.length === 0 || median(cliRss) < 200) ? 'met' : 'NOT met'}`);
} finally {
  await prometheus.stop();
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}
