/**
 * The canary judgement over long windows, and the Argo Rollouts and Flagger templates, against a real
 * Prometheus serving recorded data: TSDB blocks written with `promtool tsdb create-blocks-from openmetrics`
 * (two hours at 15 s scrapes, ending at the last full hour minus one), judged with `--end` in the past.
 * Fleets, by `track`: the baseline; `healthy`, the same behaviour with other noise; `degraded` (owner
 * shopping's field shopping degrades 20% instead of 1%), `failing` (the critical payments/price fails 10%
 * instead of 0.1%), `slow` (images/thumbnail's latency 200 ms instead of 30 ms), `browning` (brownout sheds 90%
 * of shopping/shopping's calls, and 10% of the calls it makes degrade: 1% of all, as the baseline), `shedding`
 * (brownout sheds 30% of shopping/shopping's calls, the rest as the baseline). Every fleet has brownout on
 * (shopping/shopping publishes `outcome="shed"`), idle but on those two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { CanaryJudgement } from '../../cli/canary/CanaryJudgement.js';
import { argoRolloutsAnalysisTemplate, ARGO_SUCCESS_CONDITION } from '../../cli/canary/argoRolloutsAnalysisTemplate.js';
import { flaggerMetricTemplates } from '../../cli/canary/flaggerMetricTemplates.js';
import { runCliInProcess } from '../support/runCliInProcess.js';
import { startPrometheus, type PrometheusServer } from '../operations/support/prometheusServer.js';
import { temporaryDirectories } from '../operations/support/temporaryDirectory.js';
import { createSyntheticTsdb, type SyntheticField } from './support/syntheticFleets.js';

const END = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
const directories = temporaryDirectories('field-dependency-canary-recorded');
let prometheus: PrometheusServer | undefined;

/** The fleet's fields; `change` alters one of them. */
function fields(change: (field: SyntheticField) => SyntheticField = (field) => field): SyntheticField[] {
  const base: SyntheticField[] = [
    { owner: 'shopping', field: 'shopping', critical: false, callsPerSecond: 5, degradedRatio: 0.01, shedRatio: 0, latencySeconds: 0.03 },
    { owner: 'shopping', field: 'offers', critical: false, callsPerSecond: 1, degradedRatio: 0.01, latencySeconds: 0.03 },
    { owner: 'payments', field: 'price', critical: true, callsPerSecond: 5, degradedRatio: 0.001, latencySeconds: 0.03 },
    { owner: 'images', field: 'thumbnail', critical: false, callsPerSecond: 5, degradedRatio: 0.01, latencySeconds: 0.03 },
  ];
  return base.map(change);
}

beforeAll(async () => {
  const directory = directories.create();
  mkdirSync(path.join(directory, 'data'));
  await createSyntheticTsdb(
    [
      { track: 'baseline', fields: fields() },
      { track: 'healthy', fields: fields() },
      { track: 'degraded', fields: fields((field) => (field.field === 'shopping' ? { ...field, degradedRatio: 0.2 } : field)) },
      { track: 'failing', fields: fields((field) => (field.field === 'price' ? { ...field, degradedRatio: 0.1 } : field)) },
      { track: 'slow', fields: fields((field) => (field.field === 'thumbnail' ? { ...field, latencySeconds: 0.2 } : field)) },
      // four times the offered calls, so that the tenth made still gives a steady ratio
      { track: 'browning', fields: fields((field) => (field.field === 'shopping' ? { ...field, callsPerSecond: 20, shedRatio: 0.9, degradedRatio: 0.1 } : field)) },
      { track: 'shedding', fields: fields((field) => (field.field === 'shopping' ? { ...field, shedRatio: 0.3 } : field)) },
    ],
    { start: END - 7200, end: END, scrapeSeconds: 15, workDirectory: directory, dataDirectory: path.join(directory, 'data') },
  );
  prometheus = await startPrometheus({ directory, ruleFiles: [] });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  directories.removeAll();
}, 30_000);

/** Runs an instant query at END and returns its values. */
async function instant(promql: string): Promise<number[]> {
  const response = await fetch(`${(prometheus as PrometheusServer).url}/api/v1/query?${new URLSearchParams({ query: promql, time: String(END) })}`);
  const body = (await response.json()) as { status: string; error?: string; data: { resultType: string; result: { value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`${body.error ?? 'query failed'}: ${promql}`);
  return body.data.result.map((item) => Number(item.value[1]));
}

function judge(track: string, ...extra: string[]) {
  return runCliInProcess(['canary', '--prometheus', (prometheus as PrometheusServer).url, '--canary', `track="${track}"`, '--baseline', 'track="baseline"', '--end', String(END), '--format', 'json', ...extra]);
}

describe('canary over recorded data, with --end in the past', () => {
  it('judges an hour at one-minute steps: the degraded fleet fails naming shopping/shopping, the healthy one passes', async () => {
    const degraded = await judge('degraded', '--window', '1h', '--step', '1m');
    expect(degraded.stderr).toBe('');
    expect(degraded.status).toBe(1);
    const judgement = JSON.parse(degraded.stdout) as CanaryJudgement;
    expect(judgement.window).toEqual({ start: new Date((END - 3600) * 1000).toISOString(), end: new Date(END * 1000).toISOString(), stepSeconds: 60 });
    expect(judgement.owners[0]?.owner).toBe('shopping');
    expect(judgement.owners[0]?.metrics.filter((metric) => metric.classification === 'high').map((metric) => [metric.signal, metric.field, metric.canary.samples])).toEqual([
      ['degradation', null, 60],
      ['degradation', 'shopping', 60],
    ]);

    const healthy = await judge('healthy', '--window', '1h', '--step', '1m');
    const healthyJudgement = JSON.parse(healthy.stdout) as CanaryJudgement;
    expect([healthy.status, healthyJudgement.score]).toEqual([0, 100]);
    // brownout on but idle on both fleets: nothing shed, no shed ratio to judge (it would only water the score down)
    expect(healthyJudgement.owners.flatMap((owner) => owner.metrics).filter((metric) => metric.signal === 'brownoutShed')).toEqual([]);
  });

  it('judges the degradation ratio of the calls made: a canary that sheds 90% and degrades 10% of the rest fails on both', async () => {
    const result = await judge('browning', '--window', '1h', '--step', '1m');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.owners[0]?.owner).toBe('shopping');
    const shopping = (signal: string) => judgement.owners[0]?.metrics.find((metric) => metric.field === 'shopping' && metric.signal === signal);
    // over every call it would be 1%, the baseline's: the shed calls would hide the tenfold failure rate
    expect(shopping('degradation')).toMatchObject({ classification: 'high' });
    expect(shopping('degradation')?.canary.median).toBeGreaterThan(0.07);
    expect(shopping('brownoutShed')).toMatchObject({ classification: 'high', judged: true });
    expect(shopping('brownoutShed')?.canary.median).toBeCloseTo(0.9, 2);
    expect(shopping('brownoutShed')?.baseline.median).toBe(0);
    expect(judgement.owners[0]?.metrics.filter((metric) => metric.classification === 'high').map((metric) => [metric.signal, metric.field])).toEqual([
      ['degradation', null],
      ['brownoutShed', null],
      ['degradation', 'shopping'],
      ['brownoutShed', 'shopping'],
    ]);
  });

  it('flags a canary that browns out more than its baseline, with the same failure rate on the calls it made', async () => {
    const result = await judge('shedding', '--window', '1h', '--step', '1m');
    expect(result.status).toBe(1);
    const judgement = JSON.parse(result.stdout) as CanaryJudgement;
    expect(judgement.owners.flatMap((owner) => owner.metrics.filter((metric) => metric.classification === 'high').map((metric) => [owner.owner, metric.signal, metric.field]))).toEqual([
      ['shopping', 'brownoutShed', null],
      ['shopping', 'brownoutShed', 'shopping'],
    ]);
    const text = await runCliInProcess(['canary', '--prometheus', (prometheus as PrometheusServer).url, '--canary', 'track="shedding"', '--baseline', 'track="baseline"', '--end', String(END), '--window', '1h', '--step', '1m']);
    expect(text.stdout).toMatch(/^ {2}high +brownout shed ratio +shopping +(29\.\d+|30(\.\d+)?)% \(60 steps\)/m);
  });

  it('fails the failing fleet outright on the critical failure ratio, and names the slow field', async () => {
    const failing = JSON.parse((await judge('failing', '--window', '2h', '--step', '2m')).stdout) as CanaryJudgement;
    expect(failing).toMatchObject({ verdict: 'fail', reason: 'critical dependencies fail more on the canary: payments, payments/price' });
    const slow = JSON.parse((await judge('slow', '--window', '30m', '--step', '30s')).stdout) as CanaryJudgement;
    expect(slow.owners[0]?.owner).toBe('images');
    expect(slow.owners[0]?.metrics.find((metric) => metric.field === 'thumbnail' && metric.signal === 'latencyP99')?.classification).toBe('high');
  });

  it('exits 2 when the window holds no sample (an --end before the data)', async () => {
    const result = await judge('healthy', '--end', String(END - 86_400));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--canary track="healthy" has no field-dependency calls from');
  });
});

const METRIC_NAMES = ['field-dependency-degradation', 'field-dependency-critical-failure', 'field-dependency-latency-p99', 'field-dependency-brownout-shed'];
/** Which metrics each regressed fleet must fail (a failed critical call is also a degraded one); every other metric of every fleet must pass. */
const REGRESSIONS: Readonly<Record<string, readonly string[]>> = {
  healthy: [],
  degraded: ['field-dependency-degradation'],
  failing: ['field-dependency-degradation', 'field-dependency-critical-failure'],
  slow: ['field-dependency-latency-p99'],
  browning: ['field-dependency-degradation', 'field-dependency-brownout-shed'],
  shedding: ['field-dependency-brownout-shed'],
};

describe('the Argo Rollouts AnalysisTemplate against the recorded data', () => {
  const template = argoRolloutsAnalysisTemplate('http://prometheus.monitoring:9090') as {
    spec: { metrics: { name: string; successCondition: string; provider: { prometheus: { query: string } } }[] };
  };

  it('has one metric per signal, each with the success condition this test evaluates', () => {
    expect(template.spec.metrics.map((metric) => metric.name)).toEqual(METRIC_NAMES);
    for (const metric of template.spec.metrics) expect(metric.successCondition).toBe(ARGO_SUCCESS_CONDITION);
  });

  it.each(Object.keys(REGRESSIONS))('evaluates every query for the %s fleet: true unless it is a regressed signal', async (track) => {
    for (const metric of template.spec.metrics) {
      const query = metric.provider.prometheus.query
        .replaceAll('{{args.canary-selector}}', `track="${track}"`)
        .replaceAll('{{args.baseline-selector}}', 'track="baseline"')
        .replaceAll('{{args.window}}', '5m');
      expect(query).not.toContain('{{');
      const result = await instant(query);
      // ARGO_SUCCESS_CONDITION: len(result) > 0 && result[0] <= 0
      const success = result.length > 0 && (result[0] as number) <= 0;
      expect([metric.name, success]).toEqual([metric.name, !REGRESSIONS[track]?.includes(metric.name)]);
    }
  });

  it('fails a canary without traffic (no value is not a pass)', async () => {
    const query = template.spec.metrics[0]?.provider.prometheus.query
      .replaceAll('{{args.canary-selector}}', 'track="absent"')
      .replaceAll('{{args.baseline-selector}}', 'track="baseline"')
      .replaceAll('{{args.window}}', '5m');
    const result = await instant(query as string);
    expect(result.length > 0 && (result[0] as number) <= 0).toBe(false);
  });
});

describe('the Flagger MetricTemplates against the recorded data', () => {
  const documents = flaggerMetricTemplates('http://prometheus.monitoring:9090') as unknown as [
    ...{ kind: string; metadata: { name: string }; spec: { query: string } }[],
  ];
  const templates = documents.filter((document) => document.kind === 'MetricTemplate');
  const snippet = (documents.at(-1) as unknown as { analysis: { metrics: { name: string; templateRef: { name: string }; thresholdRange: { max: number } }[] } }).analysis;

  it('has one template per signal, and an analysis snippet that refers to each with thresholdRange max 0', () => {
    expect(templates.map((template) => template.metadata.name)).toEqual(METRIC_NAMES);
    expect(snippet.metrics.map((metric) => [metric.templateRef.name, metric.thresholdRange])).toEqual(METRIC_NAMES.map((name) => [name, { max: 0 }]));
  });

  it.each(Object.keys(REGRESSIONS))('evaluates every query for the %s fleet: within the threshold unless it is a regressed signal', async (track) => {
    for (const template of templates) {
      const query = template.spec.query
        .replaceAll('{{ variables.canary }}', `track="${track}"`)
        .replaceAll('{{ variables.baseline }}', 'track="baseline"')
        .replaceAll('{{ interval }}', '5m');
      expect(query).not.toContain('{{');
      const result = await instant(query);
      // Flagger takes the single value; no value or NaN is a failed check
      const success = result.length === 1 && !Number.isNaN(result[0]) && (result[0] as number) <= 0;
      expect([template.metadata.name, success]).toEqual([template.metadata.name, !REGRESSIONS[track]?.includes(template.metadata.name)]);
    }
  });
});
