import { alertingRuleGroup } from './alertingRules.js';
import { recordingRuleGroups } from './recordingRules.js';
import type { PrometheusRuleGroup } from './PrometheusRuleGroup.js';
import type { SloSettings } from './SloSettings.js';
import type { YamlValue } from './toYaml.js';

/** A Prometheus rule file (`rule_files:`): the recording rules, then the alerts that read them. */
export function prometheusRules(settings: SloSettings): { readonly groups: readonly PrometheusRuleGroup[] } {
  return { groups: [...recordingRuleGroups(settings), alertingRuleGroup(settings)] };
}

/** {@link prometheusRules} as the plain data a YAML writer takes. */
export function prometheusRulesDocument(settings: SloSettings): YamlValue {
  return prometheusRules(settings) as unknown as YamlValue;
}
