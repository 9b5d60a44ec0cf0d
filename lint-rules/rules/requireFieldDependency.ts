import { REQUIRE_MESSAGES, RULE_DESCRIPTIONS, type Finding, type RequireMessageId } from '../../detection/index.js';
import { analyzeLintedFile, reportFinding } from '../analyzeLintedFile.js';
import { createRule } from '../createRule.js';

/**
 * `field-dependency/require-field-dependency`: every loader (a DataLoader batch function, or a configured
 * loader) must be wrapped with `fieldDependency`; suggests wrapping it.
 */
export const requireFieldDependency = createRule<[], RequireMessageId>({
  name: 'require-field-dependency',
  meta: {
    type: 'problem',
    docs: { description: RULE_DESCRIPTIONS['require-field-dependency'], requiresTypeChecking: true },
    hasSuggestions: true,
    messages: REQUIRE_MESSAGES,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program() {
        for (const finding of analyzeLintedFile(context).findings) {
          if (finding.rule === 'require-field-dependency') reportFinding(context, finding as Finding & { messageId: RequireMessageId });
        }
      },
    };
  },
});
