import { RULE_DESCRIPTIONS, type Finding, type RuleName } from '../detection/index.js';
import { analyzeLintedFile, reportFinding } from './analyzeLintedFile.js';
import { createRule } from './createRule.js';

/** What tells the rules of this plugin apart: the name, the messages, whether findings carry suggestions. */
export interface DetectionRuleSpec<MessageIds extends string> {
  /** The rule's name, which is also the `rule` of the detection core's findings it reports. */
  readonly name: RuleName;
  /** Its message templates, by id. */
  readonly messages: Readonly<Record<MessageIds, string>>;
  /** @default false */
  readonly hasSuggestions?: boolean;
}

/**
 * A rule of this plugin: it reports, on each linted file, the findings of the shared detection core that
 * belong to it (the core runs once per file however many rules ask: `analyzeLintedFile`). Its description
 * and docs link come from the core's `RULE_DESCRIPTIONS` and docs/rules/; it takes no options and needs
 * typed linting.
 */
export function createDetectionRule<MessageIds extends string>(spec: DetectionRuleSpec<MessageIds>) {
  const { name, messages, hasSuggestions = false } = spec;
  return createRule<[], MessageIds>({
    name,
    meta: {
      type: 'problem',
      docs: { description: RULE_DESCRIPTIONS[name], requiresTypeChecking: true },
      ...(hasSuggestions ? { hasSuggestions: true } : {}),
      messages,
      schema: [],
    },
    defaultOptions: [],
    create(context) {
      return {
        Program() {
          for (const finding of analyzeLintedFile(context).findings) {
            if (finding.rule === name) reportFinding(context, finding as Finding & { messageId: MessageIds });
          }
        },
      };
    },
  });
}
