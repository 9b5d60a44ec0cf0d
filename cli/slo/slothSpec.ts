import { ownerMatchers, selector } from './ownerMatchers.js';
import { DEGRADED_OUTCOMES, OBJECTIVE_OUTCOMES } from './recordedSeries.js';
import { sloName } from './sloName.js';
import type { SloSettings } from './SloSettings.js';
import type { YamlValue } from './toYaml.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';

/**
 * The same SLO as a Sloth spec (`prometheus/v1`), for teams that generate their rules with Sloth: one SLO
 * whose SLI is grouped by `owner`, so Sloth's recording rules and burn-rate alerts are per owner and the
 * alerts carry `owner`. Sloth pages on 14.4× (1 h / 5 m) or 6× (6 h / 30 m) and opens a ticket on 3× (1 d / 2 h)
 * or 1× (3 d / 6 h) over its default 30-day period.
 */
export function slothSpec(settings: SloSettings): YamlValue {
  const owners = ownerMatchers(settings);
  return {
    version: 'prometheus/v1',
    service: 'field-dependency',
    labels: { component: 'field-dependency' },
    slos: [
      {
        name: sloName(settings),
        objective: settings.objective,
        description:
          'Share of field dependency calls that got real data. Degraded: the call got its fallback, or, for a critical dependency, failed the request. ' +
          'Calls the brownout shed (the upstream not called) count neither way.',
        sli: {
          events: {
            error_query: `sum by (${LABEL_NAMES.owner}) (rate(${selector(METRIC_NAMES.calls, [...owners, DEGRADED_OUTCOMES])}[{{.window}}]))`,
            total_query: `sum by (${LABEL_NAMES.owner}) (rate(${selector(METRIC_NAMES.calls, [...owners, OBJECTIVE_OUTCOMES])}[{{.window}}]))`,
          },
        },
        alerting: {
          name: 'FieldDependencyErrorBudgetBurn',
          annotations: {
            summary: `{{ $labels.${LABEL_NAMES.owner} }}: field dependency calls are degrading faster than the objective allows`,
          },
          page_alert: { labels: { severity: 'page' } },
          ticket_alert: { labels: { severity: 'ticket' } },
        },
      },
    ],
  };
}
