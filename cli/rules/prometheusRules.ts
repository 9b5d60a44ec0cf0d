import { alertingRuleGroup } from './alertingRules.js';
import { recordingRuleGroups } from './recordingRules.js';
import type { RuleGroup } from './RuleGroup.js';
import type { RulesSettings } from './RulesSettings.js';
import type { YamlValue } from './toYaml.js';

/** A Prometheus rule file (`rule_files:`): the recording rules, then the alerts that read them. */
export function prometheusRules(settings: RulesSettings): { readonly groups: readonly RuleGroup[] } {
  return { groups: [...recordingRuleGroups(settings), alertingRuleGroup(settings)] };
}

/** {@link prometheusRules} as the plain data a YAML writer takes. */
export function prometheusRulesDocument(settings: RulesSettings): YamlValue {
  return prometheusRules(settings) as unknown as YamlValue;
}
