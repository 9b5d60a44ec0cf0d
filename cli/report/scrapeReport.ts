import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../UsageError.js';
import { assembleOwnerReport } from './assembleOwnerReport.js';
import { fetchText } from './fetchText.js';
import type { OwnerReport } from './OwnerReport.js';
import { ExpositionSyntaxError, parseExposition, type ExpositionSample } from './parseExposition.js';
import { CALL_OUTCOMES, METRIC_NAMES } from '../../src/contract/metricNames.js';

/** Options of {@link reportFromScrapes}. */
export interface ScrapeReportOptions {
  /** The service's metrics endpoint, e.g. `http://127.0.0.1:8080/metrics`. */
  readonly url: string;
  /** Time between the two scrapes; rates are the counters' increase divided by it. */
  readonly intervalMs: number;
  /**
   * How long to wait for each answer.
   * @default 10_000
   */
  readonly timeoutMs?: number;
  /**
   * Waits between the scrapes (tests replace it to make calls in between).
   * @default a timer of `intervalMs`
   */
  readonly wait?: (milliseconds: number) => Promise<unknown>;
}

const CALLS = METRIC_NAMES.calls;
/** `field_dependency_breaker_state` of an open breaker. */
const BREAKER_OPEN = 2;

/**
 * Scrapes `url` twice, `intervalMs` apart, and computes the per-owner report from the counters'
 * increase (a counter that went down restarted, and counts from zero), with the calls the brownout shed
 * per field and, from the second scrape, the brownout's admitted shares, breakers and deciders.
 * @throws UsageError when the URL cannot be reached, does not answer in the Prometheus text format, or
 * exposes no `field_dependency_*` metrics.
 */
export async function reportFromScrapes(options: ScrapeReportOptions): Promise<OwnerReport> {
  const { url, intervalMs, timeoutMs = 10_000, wait = sleep } = options;
  const first = await scrape(url, timeoutMs);
  await wait(intervalMs);
  const second = await scrape(url, timeoutMs);
  const seconds = intervalMs / 1000;

  // increases over the window, by owner; divided by the window once, at the end
  const calls = new Map<string, number>();
  const degraded = new Map<string, number>();
  const critical = new Map<string, number>();
  // by field: all calls and shed calls (a field is `owner` and `field`, keyed as JSON)
  const fieldCalls = new Map<string, number>();
  const fieldShed = new Map<string, number>();
  for (const { labels, increase } of increases(first, second, CALLS)) {
    const owner = labels.owner ?? '';
    const field = JSON.stringify([owner, labels.field ?? '']);
    add(calls, owner, increase);
    add(fieldCalls, field, increase);
    if (labels.outcome === CALL_OUTCOMES.shed) add(fieldShed, field, increase);
    if (labels.outcome === CALL_OUTCOMES.degraded || labels.outcome === CALL_OUTCOMES.failed) add(degraded, owner, increase);
    if (labels.critical === 'true' && labels.outcome === CALL_OUTCOMES.failed) add(critical, owner, increase);
  }
  const shedByOwner = new Map<string, number>();
  const shed = [...fieldShed].map(([key, count]) => {
    const [owner, field] = JSON.parse(key) as [string, string];
    add(shedByOwner, owner, count);
    return { owner, field, perSecond: count / seconds, share: count / (fieldCalls.get(key) ?? count) };
  });
  const reasons = new Map<string, Map<string, number>>();
  for (const { labels, increase } of increases(first, second, METRIC_NAMES.degradations)) {
    const owner = labels.owner ?? '';
    if (!reasons.has(owner)) reasons.set(owner, new Map());
    add(reasons.get(owner) as Map<string, number>, labels.reason ?? '', increase / seconds);
  }
  const openBreakers = new Map<string, string[]>();
  for (const { name, labels, value } of second) {
    if (name !== METRIC_NAMES.breakerState || value !== BREAKER_OPEN || labels.owner === undefined) continue;
    openBreakers.set(labels.owner, [...(openBreakers.get(labels.owner) ?? []), labels.field ?? '']);
  }
  const deciders = second
    .filter((sample) => sample.name === METRIC_NAMES.deciderPercent)
    .map(({ labels, value }) => ({ owner: labels.owner ?? '', field: labels.field ?? '', percent: value }));
  const brownoutAdmitted = second
    .filter((sample) => sample.name === METRIC_NAMES.brownoutAdmitted)
    .map(({ labels, value }) => ({ tier: labels.tier ?? '', priority: labels.priority ?? '', admitted: value }));
  // the objective's calls: all but those the brownout shed (the upstream was not called)
  const degradedRatio = new Map<string, number>();
  for (const [owner, count] of calls) {
    const offered = count - (shedByOwner.get(owner) ?? 0);
    if (offered > 0) degradedRatio.set(owner, (degraded.get(owner) ?? 0) / offered);
  }
  const perSecond = (counts: Map<string, number>) => new Map([...counts].map(([owner, count]) => [owner, count / seconds]));
  return assembleOwnerReport({
    source: url,
    windowSeconds: seconds,
    callsPerSecond: perSecond(calls),
    degradedRatio,
    reasons,
    openBreakers,
    criticalFailuresPerSecond: perSecond(critical),
    deciders,
    shed,
    brownoutAdmitted,
  });
}

async function scrape(url: string, timeoutMs: number): Promise<ExpositionSample[]> {
  const answer = await fetchText(url, timeoutMs);
  if (answer.status < 200 || answer.status > 299) {
    throw new UsageError(`${url} answered HTTP ${answer.status} ${answer.statusText}: not a Prometheus metrics endpoint`);
  }
  if (/^(?:text\/html|application\/json)\b/i.test(answer.contentType)) {
    throw new UsageError(`${url} answered ${answer.contentType.split(';')[0]}, not the Prometheus text format: is it the /metrics endpoint?`);
  }
  let samples: ExpositionSample[];
  try {
    samples = parseExposition(answer.body);
  } catch (error) {
    if (!(error instanceof ExpositionSyntaxError)) throw error;
    throw new UsageError(`${url} did not answer in the Prometheus text format (${error.message})`, { cause: error });
  }
  if (!samples.some((sample) => sample.name === CALLS)) {
    throw new UsageError(
      `${url} exposes no field_dependency_* metrics (${samples.length} other samples): is a fieldDependency loader declared, ` +
        'and does this endpoint serve the registry configure() publishes on?',
    );
  }
  return samples;
}

/** Each series of counter `name` in `second`, with its increase since `first`. */
function increases(first: readonly ExpositionSample[], second: readonly ExpositionSample[], name: string) {
  const before = new Map(first.filter((sample) => sample.name === name).map((sample) => [seriesKey(sample.labels), sample.value]));
  return second
    .filter((sample) => sample.name === name)
    .map(({ labels, value }) => {
      const previous = before.get(seriesKey(labels)) ?? 0;
      return { labels, increase: value >= previous ? value - previous : value };
    });
}

function seriesKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}
