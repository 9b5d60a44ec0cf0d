import { BURN_RATE_ALERTS, SLO_PERIOD, type BurnRateAlert } from './burnRateAlerts.js';
import { errorBudgetPercent, errorBudgetRatio } from './errorBudget.js';
import { ownerMatchers, selector } from './ownerMatchers.js';
import { RECORDED_SERIES } from './recordedSeries.js';
import type { AlertingRule, PrometheusRuleGroup } from './PrometheusRuleGroup.js';
import type { SloSettings } from './SloSettings.js';
import type { DegradationReason } from '../../src/contract/DegradationReason.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { CRITICAL_ONLY, FAILED_OUTCOME, METRIC_NAMES } from '../../src/contract/metricNames.js';

const { owner: OWNER, field: FIELD, reason: REASON } = LABEL_NAMES;
const BREAKER_OPEN: DegradationReason = 'breaker_open';

/** Names of the alerts that are not burn-rate alerts. */
export const ALERT_NAMES = Object.freeze({
  criticalFailing: 'FieldDependencyCriticalFailing',
  breakerOpen: 'FieldDependencyBreakerOpen',
  deciderBelow100: 'FieldDependencyDeciderBelow100',
});

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
        `Degradation ratio: ${METRIC_NAMES.calls} with outcome degraded or failed, over all outcomes.`,
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

/**
 * The alerting rules: the three burn-rate alerts per owner, a failing critical dependency, a breaker left
 * open, a decider left below 100.
 */
export function alertingRuleGroup(settings: SloSettings): PrometheusRuleGroup {
  return {
    name: 'field-dependency.alerts',
    rules: [
      ...BURN_RATE_ALERTS.map((burn) => burnRateRule(burn, settings)),
      criticalFailingRule(settings),
      breakerOpenRule(settings),
      deciderBelow100Rule(settings),
    ],
  };
}
