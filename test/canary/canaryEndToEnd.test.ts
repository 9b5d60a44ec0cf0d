/**
 * `field-dependency canary` against a real Prometheus (Debian's /usr/bin/prometheus) scraping three pins
 * API processes every second, each labelled with its `track`: the baseline, a canary whose shopping
 * upstream fails one answer in five, and a twin of the baseline. The same page traffic goes to all three
 * (shopping, board and images; comments is left out as in the operations end-to-end test, its 100 ms
 * timeout could fire on a starved CI machine). Judged over 30 s at 2 s steps: the canary fails naming
 * the shopping owner and field, the twin passes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryJudgement } from '../../cli/canary/CanaryJudgement.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { eventually } from '../operations/support/eventually.js';
import { startPageTraffic, type PageTraffic } from '../operations/support/pageTraffic.js';
import { startPrometheus, type PrometheusServer } from '../operations/support/prometheusServer.js';
import { temporaryDirectories } from '../operations/support/temporaryDirectory.js';
import { queryRange } from '../../cli/canary/queryRange.js';

const FLEET_SCRIPT = fileURLToPath(new URL('./support/pinsApiFleet.ts', import.meta.url));
const FIELDS = ['shopping', 'board', 'images'];
const WINDOW_SECONDS = 30;

const directories = temporaryDirectories('field-dependency-canary');
const fleets: ChildProcess[] = [];
const traffic: PageTraffic[] = [];
let prometheus: PrometheusServer | undefined;

/** Starts a pins API process with these upstream faults and resolves its URL. */
async function startFleet(faults: object): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', FLEET_SCRIPT, JSON.stringify(faults)], { stdio: ['ignore', 'pipe', 'pipe'] });
  fleets.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening (\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`pins API fleet exited with ${code}:\n${output}`)));
  });
}

function judge(canary: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const url = (prometheus as PrometheusServer).url;
  return runCliInProcess(['canary', '--prometheus', url, '--canary', canary, '--baseline', 'track="baseline"', '--window', `${WINDOW_SECONDS}s`, '--step', '2s', '--format', 'json']);
}

beforeAll(async () => {
  const [baseline, canary, twin] = await Promise.all([startFleet({}), startFleet({ shopping: { errorRate: 0.2 } }), startFleet({})]);
  const host = (url: string) => new URL(url).host;
  prometheus = await startPrometheus({
    directory: directories.create(),
    ruleFiles: [],
    labelledTargets: [
      { target: host(baseline), labels: { track: 'baseline' } },
      { target: host(canary), labels: { track: 'canary' } },
      { target: host(twin), labels: { track: 'twin' } },
    ],
  });
  for (const url of [baseline, canary, twin]) traffic.push(startPageTraffic(url, FIELDS, { pauseMs: 20, maxMs: 100_000, maxRequests: 100_000 }));
  // every fleet scraped with traffic, then a full window of it
  await eventually(async () => {
    const now = Date.now() / 1000;
    const series = await queryRange((prometheus as PrometheusServer).url, 'sum by (track) (rate(field_dependency_calls_total[2s]))', { start: now - 2, end: now, step: 1 }, 5_000);
    expect(series.filter((item) => item.values.some((value) => value > 0)).map((item) => item.labels.track).sort()).toEqual(['baseline', 'canary', 'twin']);
  });
  await sleep((WINDOW_SECONDS + 3) * 1000);
}, 100_000);

afterAll(async () => {
  await Promise.all(traffic.map((item) => item.stop()));
  await prometheus?.stop();
  for (const child of fleets) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await once(child, 'exit');
      clearTimeout(killer);
    }
  }
  directories.removeAll();
}, 30_000);

describe('canary judgement against a real Prometheus scraping three pins API processes', { timeout: 30_000 }, () => {
  it('fails the canary whose shopping upstream fails 20% of the time, naming the shopping owner and field', async () => {
    const result = await judge('track="canary"');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.verdict).not.toBe('pass');
    expect(judgement.owners[0]?.owner).toBe('shopping');
    const shopping = judgement.owners[0]?.metrics.find((metric) => metric.field === 'shopping' && metric.signal === 'degradation');
    expect(shopping).toMatchObject({ classification: 'high', judged: true });
    expect(shopping?.canary.median).toBeGreaterThan(0.1);
    expect(shopping?.baseline.median).toBe(0);
    expect(judgement.owners.filter((owner) => owner.owner !== 'shopping').map((owner) => [owner.owner, owner.metrics.filter((metric) => metric.classification === 'high')])).toEqual(
      judgement.owners.filter((owner) => owner.owner !== 'shopping').map((owner) => [owner.owner, []]),
    );
  });

  it('passes a twin of the baseline under the same traffic', async () => {
    const result = await judge('track="twin"');
    expect(result.stderr).toBe('');
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect([result.status, judgement.verdict, judgement.score]).toEqual([0, 'pass', 100]);
    for (const owner of ['boards', 'images', 'shopping']) {
      const metrics = judgement.owners.find((item) => item.owner === owner)?.metrics ?? [];
      expect(metrics.filter((metric) => metric.signal === 'degradation').every((metric) => metric.judged && metric.canary.samples >= 10)).toBe(true);
    }
  });

  it('prints the text table naming the regressed owner first', async () => {
    const url = (prometheus as PrometheusServer).url;
    const result = await runCliInProcess(['canary', '--prometheus', url, '--canary', 'track="canary"', '--baseline', 'track="baseline"', '--window', `${WINDOW_SECONDS}s`, '--step', '2s']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\n\n +signal.*\nshopping {2}[\d.]+ {2}(fail|marginal)\n/);
    expect(result.stdout).toMatch(/^ {2}high +degradation ratio +shopping /m);
  });
});
