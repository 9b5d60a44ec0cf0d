import { BURN_RATE_ALERTS, SLO_PERIOD, type BurnRateAlert } from './burnRateAlerts.js';
import { errorBudgetPercent, errorBudgetRatio } from './errorBudget.js';
import { ownerMatchers, selector } from './ownerMatchers.js';
import { RECORDED_SERIES } from './recordedSeries.js';
import type { AlertingRule, PrometheusRuleGroup } from './PrometheusRuleGroup.js';
import type { SloSettings } from './SloSettings.js';
import type { DegradationReason } from '../../src/contract/DegradationReason.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { CRITICAL_ONLY, FAILED_OUTCOME, METRIC_NAMES, SHED_OUTCOME } from '../../src/contract/metricNames.js';

const { owner: OWNER, field: FIELD, reason: REASON } = LABEL_NAMES;
const BREAKER_OPEN: DegradationReason = 'breaker_open';

/** Names of the alerts that are not burn-rate alerts. */
export const ALERT_NAMES = Object.freeze({
  criticalFailing: 'FieldDependencyCriticalFailing',
  breakerOpen: 'FieldDependencyBreakerOpen',
  deciderBelow100: 'FieldDependencyDeciderBelow100',
  brownout: 'FieldDependencyBrownout',
  concurrencyLimited: 'FieldDependencyConcurrencyLimited',
});

/** The share of its limit a dependency's calls in flight must average before it counts as held at the limit. */
export const CONCURRENCY_LIMIT_FULL = 0.9;

/**
 * Alert template text that runs `query` (a PromQL format string whose `%s` are filled with `args`, e.g.
 * `$labels.owner`) when the alert fires and, if it finds anything, writes `text`, in which
 * `{{ .Labels.x }}` are the labels of the first (the worst) sample. The outer `with` keeps an empty answer
 * from reaching `first`, which would fail on it.
 */
function worst(query: string, args: readonly string[], text: string): string {
  return `{{ with printf \`${query}\` ${args.join(' ')} | query }}{{ with . | first }}${text}{{ end }}{{ end }}`;
}

function burnRateRule(burn: BurnRateAlert, settings: SloSettings): AlertingRule {
  const budget = errorBudgetRatio(settings.objective);
  const threshold = `(${burn.burnRate} * ${budget})`;
  const reasons = worst(
    `topk(1, sum by (${FIELD}, ${REASON}) (rate(${METRIC_NAMES.degradations}{${OWNER}="%s"}[${burn.shortWindow}])) > 0)`,
    [`$labels.${OWNER}`],
    `; mostly field {{ .Labels.${FIELD} }}, reason {{ .Labels.${REASON} }}`,
  );
  return {
    alert: burn.alert,
    expr: [
      `${RECORDED_SERIES.ownerDegradationRatio(burn.longWindow)} > ${threshold}`,
      'and',
      `${RECORDED_SERIES.ownerDegradationRatio(burn.shortWindow)} > ${threshold}`,
    ].join('\n'),
    labels: { severity: burn.severity },
    annotations: {
      summary:
        `{{ $labels.${OWNER} }}: {{ $value | humanizePercentage }} of field dependency calls degraded over ${burn.longWindow}, ` +
        `more than ${burn.burnRate}x the ${errorBudgetPercent(settings.objective)} error budget (objective ${settings.objective}%)${reasons}`,
      description:
        `The field dependencies owned by {{ $labels.${OWNER} }} are spending their ${SLO_PERIOD} error budget at more than ${burn.burnRate}x ` +
        `the sustainable rate (${burn.budgetSpent} of it in ${burn.longWindow}), and still are over the last ${burn.shortWindow}. ` +
        'Degraded calls got the fallback instead of data (critical ones failed the request). ' +
        `Degradation ratio: ${METRIC_NAMES.calls} with outcome degraded or failed, over all outcomes but shed ` +
        `(calls shed by the brownout of the API never reached the upstream; ${ALERT_NAMES.brownout} pages for those).`,
    },
  };
}

function criticalFailingRule(settings: SloSettings): AlertingRule {
  const failed = selector(METRIC_NAMES.calls, [...ownerMatchers(settings), CRITICAL_ONLY, FAILED_OUTCOME]);
  return {
    alert: ALERT_NAMES.criticalFailing,
    expr: `sum by (${OWNER}, ${FIELD}) (increase(${failed}[5m])) > 0`,
    labels: { severity: 'page' },
    annotations: {
      summary:
        `Critical field dependency {{ $labels.${FIELD} }} of {{ $labels.${OWNER} }} is failing: {{ $value | humanize }} failed call(s) in 5m` +
        worst(
          `topk(1, sum by (${REASON}) (increase(${METRIC_NAMES.degradations}{${OWNER}="%s",${FIELD}="%s"}[5m])) > 0)`,
          [`$labels.${OWNER}`, `$labels.${FIELD}`],
          `, reason {{ .Labels.${REASON} }}`,
        ),
      description:
        'A critical field dependency has no fallback: each failed call failed the request that needed it (FieldDependencyError). ' +
        'Any failure pages, whatever the objective.',
    },
  };
}

function breakerOpenRule(settings: SloSettings): AlertingRule {
  return {
    alert: ALERT_NAMES.breakerOpen,
    // max_over_time: the half-open probe that fails every resetTimeout must not restart the `for` clock.
    expr: `max by (${OWNER}, ${FIELD}) (max_over_time(${selector(METRIC_NAMES.breakerState, ownerMatchers(settings))}[1m])) == 2`,
    for: settings.breakerOpenFor,
    labels: { severity: 'ticket' },
    annotations: {
      summary:
        `Circuit breaker of {{ $labels.${FIELD} }} ({{ $labels.${OWNER} }}) open for more than ${settings.breakerOpenFor}` +
        worst(
          `topk(1, sum by (${REASON}) (increase(${METRIC_NAMES.degradations}{${OWNER}="%s",${FIELD}="%s",${REASON}!="${BREAKER_OPEN}"}[1h])) > 0)`,
          [`$labels.${OWNER}`, `$labels.${FIELD}`],
          `, after reason {{ .Labels.${REASON} }}`,
        ),
      description:
        'While the breaker is open the field gets its fallback without calling the upstream; it probes the upstream again every resetTimeout. ' +
        `Open means: open at some point in every minute (${METRIC_NAMES.breakerState} 2), on at least one instance.`,
    },
  };
}

function deciderBelow100Rule(settings: SloSettings): AlertingRule {
  return {
    alert: ALERT_NAMES.deciderBelow100,
    // max_over_time: below 100 on every scrape of the last 5 minutes (a missed scrape does not restart the
    // `for` clock, a moment back at 100 does); min by: any instance still below 100 counts.
    expr: `min by (${OWNER}, ${FIELD}) (max_over_time(${selector(METRIC_NAMES.deciderPercent, ownerMatchers(settings))}[5m])) < 100`,
    for: settings.deciderBelow100For,
    labels: { severity: 'ticket' },
    annotations: {
      summary:
        `Decider of {{ $labels.${FIELD} }} ({{ $labels.${OWNER} }}) below 100 for more than ${settings.deciderBelow100For}: ` +
        'only {{ $value }}% of its calls reach the loader',
      description:
        'A decider below 100 answers the other calls with the fallback (reason disabled). Left on after an incident, a kill switch ' +
        'silently keeps the field off: set the flag back to 100 (or to the intended value) in the fleet\'s flag source. ' +
        '`field-dependency report` lists every decider below 100.',
    },
  };
}

function concurrencyLimitedRule(settings: SloSettings): AlertingRule {
  const owners = ownerMatchers(settings);
  const average = (metric: string) => `avg_over_time(${selector(metric, owners)}[5m])`;
  return {
    alert: ALERT_NAMES.concurrencyLimited,
    // avg_over_time: both gauges are read at scrape time; the same labels (instance included) match one to one.
    expr: `max by (${OWNER}, ${FIELD}) (${average(METRIC_NAMES.inFlight)} / ${average(METRIC_NAMES.concurrencyLimit)}) >= ${CONCURRENCY_LIMIT_FULL}`,
    for: settings.concurrencyLimitedFor,
    labels: { severity: 'ticket' },
    annotations: {
      summary:
        `Calls of {{ $labels.${FIELD} }} ({{ $labels.${OWNER} }}) have filled its concurrency limit for more than ${settings.concurrencyLimitedFor}: ` +
        '{{ $value | humanizePercentage }} of the limit in flight on average',
      description:
        'The dependency has a concurrencyLimit, and its calls in flight have stayed at it: the upstream is slower than its normal ' +
        '(an adaptive limit has come down), or the limit is too low for the traffic. Calls beyond the limit degrade at once ' +
        '(reason shed, outcome degraded: they count against the owner\'s objective, as timeouts would). ' +
        `Held at the limit: ${METRIC_NAMES.inFlight} at ${CONCURRENCY_LIMIT_FULL * 100}% or more of ${METRIC_NAMES.concurrencyLimit} on average over 5m, on at least one instance.`,
    },
  };
}

/**
 * The process's brownout, per scrape job (the API): no `owner` label, so owner routes never send it to the
 * upstream owners; it pages the API's owner, whose capacity is short.
 */
function brownoutRule(settings: SloSettings): AlertingRule {
  return {
    alert: ALERT_NAMES.brownout,
    // min_over_time: a moment at full service between two sheds does not restart the `for` clock (a brownout
    // that keeps coming back is still one); min by: one instance shedding is enough.
    expr: `min by (job) (min_over_time(${METRIC_NAMES.brownoutAdmitted}[5m])) < 1`,
    for: settings.brownoutFor,
    labels: { severity: 'page' },
    annotations: {
      summary:
        `{{ $labels.job }} has been shedding optional fields (brownout) for more than ${settings.brownoutFor}: ` +
        'as little as {{ $value | humanizePercentage }} of a class of optional calls admitted' +
        worst(
          `topk(1, sum by (${OWNER}, ${FIELD}) (rate(${selector(METRIC_NAMES.calls, ['job="%s"', SHED_OUTCOME])}[5m])) > 0)`,
          ['$labels.job'],
          `; most shed: {{ .Labels.${FIELD} }} ({{ .Labels.${OWNER} }})`,
        ),
      description:
        "The API's brownout controller has been leaving out optional field dependencies (tier 3 first, then tier 2; " +
        'those of low-priority requests first) to hold its own request latency and event-loop delay under their targets: ' +
        'the API is short of capacity (a traffic spike, a retry storm, a lost zone, or its own slowness). ' +
        "Shed calls answer the fallback without calling the upstream, so they do not count against the upstream owners' objectives: " +
        "this page is for the API's owner. Add capacity or find the load; `field-dependency report` shows what is shed. " +
        `Browning out: ${METRIC_NAMES.brownoutAdmitted} below 1 at some point in every 5 minutes, on at least one instance.`,
    },
  };
}

/**
 * The alerting rules: the three burn-rate alerts per owner, a failing critical dependency, a breaker left
 * open, a decider left below 100, a dependency held at its concurrency limit and, in a file not restricted to
 * some owners (the process is everyone's), the API browning out for long.
 */
export function alertingRuleGroup(settings: SloSettings): PrometheusRuleGroup {
  return {
    name: 'field-dependency.alerts',
    rules: [
      ...BURN_RATE_ALERTS.map((burn) => burnRateRule(burn, settings)),
      criticalFailingRule(settings),
      breakerOpenRule(settings),
      deciderBelow100Rule(settings),
      concurrencyLimitedRule(settings),
      ...(settings.owners.length === 0 ? [brownoutRule(settings)] : []),
    ],
  };
}
