import { allDependencies } from '../core/dependencyRegistry.js';
import type { Dependency } from '../core/Dependency.js';
import { ScrapedMetric, type Sample } from './ScrapedMetric.js';
import { METRIC_LABELS, METRIC_NAMES } from '../contract/metricNames.js';

function withDeciders(value: (dependency: Dependency) => number): () => Sample[] {
  return () => {
    const out: Sample[] = [];
    for (const dependency of allDependencies()) {
      if (dependency.decider !== false) out.push({ labels: { field: dependency.field, owner: dependency.owner }, value: value(dependency) });
    }
    return out;
  };
}

/**
 * Builds the decider metrics, registered once `configure({ deciders })` is called: the percentage in
 * force and the reads that failed open, per dependency that has a decider, read at scrape time.
 */
export function createDeciderMetrics(): ScrapedMetric[] {
  return [
    new ScrapedMetric({
      name: METRIC_NAMES.deciderPercent,
      help: 'Percentage of calls the dependency\'s decider lets through (100: normal, 0: switched off); 100 when the flag cannot be read.',
      type: 'gauge',
      labelNames: METRIC_LABELS.deciderPercent,
      reset: () => {},
      read: withDeciders((dependency) => dependency.percent),
    }),
    new ScrapedMetric({
      name: METRIC_NAMES.deciderErrors,
      help: 'Decider reads that failed open to 100: missing flag, provider error, or a value that is not 0-100 or a boolean.',
      type: 'counter',
      labelNames: METRIC_LABELS.deciderErrors,
      reset: () => {
        for (const dependency of allDependencies()) dependency.stats.deciderErrors = 0;
      },
      read: withDeciders((dependency) => dependency.stats.deciderErrors),
    }),
  ];
}
