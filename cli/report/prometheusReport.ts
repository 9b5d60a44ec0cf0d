import { UsageError } from '../UsageError.js';
import { assembleOwnerReport } from './assembleOwnerReport.js';
import { operatingQuery } from './operatingQueries.js';
import type { OwnerReport } from './OwnerReport.js';
import { queryPrometheus, type VectorSample } from './queryPrometheus.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { METRIC_NAMES, SHED_OUTCOME } from '../../src/contract/metricNames.js';

/** Options of {@link reportFromPrometheus}. */
export interface PrometheusReportOptions {
  /** The Prometheus server, e.g. `http://127.0.0.1:9090`. */
  readonly url: string;
  /**
   * How long to wait for each answer.
   * @default 10_000
   */
  readonly timeoutMs?: number;
}

/** Fields whose decider is below 100 on some instance (the lowest value), for the report's decider lines. */
export const DECIDERS_BELOW_100 = `min by (${LABEL_NAMES.owner}, ${LABEL_NAMES.field}) (${METRIC_NAMES.deciderPercent}) < 100`;

const BY_FIELD = `sum by (${LABEL_NAMES.owner}, ${LABEL_NAMES.field})`;

/** Per field with calls shed, the share of its calls the brownout shed over the last 5 minutes. */
export const SHED_SHARE_BY_FIELD = `${BY_FIELD} (rate(${METRIC_NAMES.calls}{${SHED_OUTCOME}}[5m])) / ${BY_FIELD} (rate(${METRIC_NAMES.calls}[5m])) > 0`;

/** The window of the README's queries, which the report runs. */
const WINDOW_SECONDS = 300;

/**
 * The per-owner report over the last 5 minutes, from the README's own queries (`OPERATING_QUERIES`)
 * run on a Prometheus that scrapes the services: owners, deciders below 100, what the brownout shed and the
 * level in force (the lowest admitted share of each class among the instances).
 * @throws UsageError when Prometheus cannot be reached, is not a Prometheus, or has no field-dependency metrics.
 */
export async function reportFromPrometheus(options: PrometheusReportOptions): Promise<OwnerReport> {
  const { url, timeoutMs = 10_000 } = options;
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--prometheus must be an http:// or https:// URL, such as http://127.0.0.1:9090; received '${url}'`);
  const run = (id: string) => queryPrometheus(url, operatingQuery(id).promql, timeoutMs);
  const calls = await run('callRateByOwner');
  if (calls.length === 0) {
    throw new UsageError(
      `Prometheus at ${url} has no ${METRIC_NAMES.calls} samples over the last 5 minutes: does it scrape the services' /metrics?`,
    );
  }
  const [ratios, reasons, breakers, critical, deciders, shedRates, shedShares, admitted] = await Promise.all([
    run('degradedRatioByOwner'),
    run('reasonsByOwner'),
    run('openBreakers'),
    run('criticalFailures'),
    queryPrometheus(url, DECIDERS_BELOW_100, timeoutMs),
    run('shedByField'),
    queryPrometheus(url, SHED_SHARE_BY_FIELD, timeoutMs),
    run('brownoutAdmitted'),
  ]);
  const fieldKey = (labels: VectorSample['labels']) => JSON.stringify([labels.owner ?? '', labels.field ?? '']);
  const shares = new Map(shedShares.map(({ labels, value }) => [fieldKey(labels), value]));

  const reasonsByOwner = new Map<string, Map<string, number>>();
  for (const { labels, value } of reasons) {
    const owner = labels.owner ?? '';
    reasonsByOwner.set(owner, (reasonsByOwner.get(owner) ?? new Map<string, number>()).set(labels.reason ?? '', value));
  }
  const openBreakers = new Map<string, string[]>();
  for (const { labels } of breakers) openBreakers.set(labels.owner ?? '', [...(openBreakers.get(labels.owner ?? '') ?? []), labels.field ?? '']);
  const criticalFailures = new Map<string, number>();
  for (const { labels, value } of critical) criticalFailures.set(labels.owner ?? '', (criticalFailures.get(labels.owner ?? '') ?? 0) + value);

  return assembleOwnerReport({
    source: url,
    windowSeconds: WINDOW_SECONDS,
    callsPerSecond: byOwner(calls),
    degradedRatio: byOwner(ratios),
    reasons: reasonsByOwner,
    openBreakers,
    criticalFailuresPerSecond: criticalFailures,
    deciders: deciders.map(({ labels, value }) => ({ owner: labels.owner ?? '', field: labels.field ?? '', percent: value })),
    shed: shedRates.map(({ labels, value }) => ({ owner: labels.owner ?? '', field: labels.field ?? '', perSecond: value, share: shares.get(fieldKey(labels)) ?? null })),
    brownoutAdmitted: admitted.map(({ labels, value }) => ({ tier: labels.tier ?? '', priority: labels.priority ?? '', admitted: value })),
  });
}

function byOwner(samples: readonly VectorSample[]): Map<string, number> {
  return new Map(samples.map(({ labels, value }) => [labels.owner ?? '', value]));
}
