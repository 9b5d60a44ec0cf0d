import type { YamlValue } from '../slo/toYaml.js';
import { comparisonQueries } from './comparisonQueries.js';

/** How often Argo Rollouts measures, and over what rate window: both the template's `window` argument. */
const DEFAULT_WINDOW = '5m';
/** Measurements per analysis run: with a 5m window, twenty minutes of canary. */
const COUNT = 4;

/** The success condition of every metric: a value, and no owner above its tolerance. No value (no data) fails. */
export const ARGO_SUCCESS_CONDITION = 'len(result) > 0 && result[0] <= 0';

/**
 * An Argo Rollouts `AnalysisTemplate` with one Prometheus metric per signal ({@link comparisonQueries}):
 * measured every `window` (argument, default 5m) `count` times; the degradation ratio, the p99 latency and
 * the brownout shed ratio fail the analysis on the second failed measurement (`failureLimit: 1`), the critical failure ratio on the first
 * (`failureLimit: 0`). The canary and baseline selectors and the Prometheus address are arguments, which
 * the Rollout's `analysis.args` (or the AnalysisRun) fill in.
 */
export function argoRolloutsAnalysisTemplate(prometheusAddress: string): YamlValue {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'field-dependency-canary' },
    spec: {
      args: [
        { name: 'canary-selector' },
        { name: 'baseline-selector' },
        { name: 'prometheus-address', value: prometheusAddress },
        { name: 'window', value: DEFAULT_WINDOW },
      ],
      metrics: comparisonQueries(' {{args.canary-selector}}', ' {{args.baseline-selector}}', '{{args.window}}').map((query) => ({
        name: query.name,
        interval: '{{args.window}}',
        count: COUNT,
        failureLimit: query.signal.failsRun ? 0 : 1,
        successCondition: ARGO_SUCCESS_CONDITION,
        provider: { prometheus: { address: '{{args.prometheus-address}}', query: query.promql } },
      })),
    },
  };
}
