import type { YamlValue } from '../slo/toYaml.js';
import { comparisonQueries } from './comparisonQueries.js';

/** The analysis interval of the snippet; Flagger writes it into `{{ interval }}`, the queries' rate window. */
const INTERVAL = '5m';

/**
 * Flagger `MetricTemplate`s, one per signal ({@link comparisonQueries}), whose queries take the canary and
 * baseline selectors from the Canary's `templateVariables` and the rate window from the analysis
 * `interval`; then the `analysis.metrics` snippet that uses them with `thresholdRange.max: 0`. Flagger
 * counts a query without a value as a failed check, so a canary without traffic never passes. The
 * snippet's selectors follow Flagger's naming for a Deployment `podinfo` in namespace `test` (the canary's
 * pods `podinfo-<hash>-<id>`, the primary's `podinfo-primary-<hash>-<id>`): replace them with yours.
 */
export function flaggerMetricTemplates(prometheusAddress: string): YamlValue[] {
  const queries = comparisonQueries(' {{ variables.canary }}', ' {{ variables.baseline }}', '{{ interval }}');
  return [
    ...queries.map((query) => ({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: { name: query.name },
      spec: { provider: { type: 'prometheus', address: prometheusAddress }, query: query.promql },
    })),
    {
      analysis: {
        metrics: queries.map((query) => ({
          name: query.name,
          templateRef: { name: query.name },
          thresholdRange: { max: 0 },
          interval: INTERVAL,
          templateVariables: {
            canary: 'namespace="test", pod=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"',
            baseline: 'namespace="test", pod=~"podinfo-primary-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"',
          },
        })),
      },
    },
  ];
}
