import { METRIC_NAMES } from '../../src/contract/metricNames.js';
import type { PrometheusSample } from './prometheusText.js';

/**
 * The process's brownout level from one scrape of its `/metrics`: how many (tier, priority) classes are
 * shed, 0 (full service) to 6 (every optional call shed), the sum over the classes of the share not
 * admitted (`1 − field_dependency_brownout_admitted_ratio`), so a class half shed counts ½. `undefined`
 * when the scrape has no admitted ratio (brownout is off, or the API is not in library mode).
 */
export function brownoutLevel(samples: readonly PrometheusSample[]): number | undefined {
  let level: number | undefined;
  for (const sample of samples) {
    if (sample.name !== METRIC_NAMES.brownoutAdmitted) continue;
    level = (level ?? 0) + 1 - Math.min(1, Math.max(0, sample.value));
  }
  return level;
}

/**
 * The classes being shed at one scrape, most shed first, as `tier 3/low 100%` (the share not admitted);
 * empty at full service.
 */
export function shedClasses(samples: readonly PrometheusSample[]): string[] {
  return samples
    .filter((sample) => sample.name === METRIC_NAMES.brownoutAdmitted && sample.value < 1)
    .sort((a, b) => a.value - b.value)
    .map((sample) => `tier ${sample.labels.tier ?? '?'}/${sample.labels.priority ?? '?'} ${(100 * (1 - Math.max(0, sample.value))).toFixed(0)}%`);
}
