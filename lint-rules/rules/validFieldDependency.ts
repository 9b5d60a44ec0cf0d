import { RULE_DESCRIPTIONS, VALID_MESSAGES, type Finding, type ValidMessageId } from '../../detection/index.js';
import { analyzeLintedFile, reportFinding } from '../analyzeLintedFile.js';
import { createRule } from '../createRule.js';

/**
 * `field-dependency/valid-field-dependency`: `fieldDependency(type, options)` calls with an invalid owner
 * literal, no owner or an invalid type, and `field-dependency-ignore` comments without a reason.
 */
export const validFieldDependency = createRule<[], ValidMessageId>({
  name: 'valid-field-dependency',
  meta: {
    type: 'problem',
    docs: { description: RULE_DESCRIPTIONS['valid-field-dependency'], requiresTypeChecking: true },
    messages: VALID_MESSAGES,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        for (const finding of analyzeLintedFile(context).findings) {
          if (finding.rule === 'valid-field-dependency') reportFinding(context, finding as Finding & { messageId: ValidMessageId });
        }
      },
    };
  },
});
