import { ownerMatchers, selector } from './ownerMatchers.js';
import { SLO_PERIOD } from './burnRateAlerts.js';
import { DEGRADED_OUTCOMES, OBJECTIVE_OUTCOMES } from './recordedSeries.js';
import { sloName } from './sloName.js';
import type { SloSettings } from './SloSettings.js';
import type { YamlValue } from './toYaml.js';
import { LABEL_NAMES } from '../../src/contract/labelNames.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';

/**
 * The same SLO as a Pyrra `ServiceLevelObjective`, for teams that run Pyrra: a ratio indicator grouped by
 * `owner` over a 30-day window, so Pyrra's burn-rate alerts are per owner and carry `owner`.
 */
export function pyrraSpec(settings: SloSettings): YamlValue {
  const owners = ownerMatchers(settings);
  return {
    apiVersion: 'pyrra.dev/v1alpha1',
    kind: 'ServiceLevelObjective',
    metadata: {
      name: `field-dependency-${sloName(settings)}`,
      labels: { prometheus: 'k8s', role: 'alert-rules' },
    },
    spec: {
      target: String(settings.objective),
      window: SLO_PERIOD,
      description:
        'Share of field dependency calls that got real data. Degraded: the call got its fallback, or, for a critical dependency, failed the request. ' +
          'Calls the brownout shed (the upstream not called) count neither way.',
      indicator: {
        ratio: {
          errors: { metric: selector(METRIC_NAMES.calls, [...owners, DEGRADED_OUTCOMES]) },
          total: { metric: selector(METRIC_NAMES.calls, [...owners, OBJECTIVE_OUTCOMES]) },
          grouping: [LABEL_NAMES.owner],
        },
      },
      alerting: { name: 'FieldDependencyErrorBudgetBurn' },
    },
  };
}
