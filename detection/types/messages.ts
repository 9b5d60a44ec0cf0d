import { OWNER_PATTERN_TEXT } from '../../src/contract/ownerPattern.js';

/** The two rules, under the names both the ESLint plugin and the CLI report. */
export const RULE_NAMES = ['require-field-dependency', 'valid-field-dependency'] as const;

/** A rule's name. */
export type RuleName = (typeof RULE_NAMES)[number];

/** Message templates of `require-field-dependency`, with `{{placeholders}}` as in ESLint. */
export const REQUIRE_MESSAGES = {
  unwrappedLoader: "{{loader}} is a loader ({{why}}) but is not wrapped with fieldDependency from 'field-dependency'.",
  untraceableLoader:
    'The batch function `{{argument}}` passed to this DataLoader cannot be checked ({{reason}}); wrap it here with fieldDependency(type, { owner })(…).',
  wrapWithFieldDependency: "Wrap it with fieldDependency([null], { owner: 'TODO' }), then set the fallback type and the owner.",
} as const;

/** Message templates of `valid-field-dependency`. */
export const VALID_MESSAGES = {
  invalidOwner: `Owner {{owner}} is not a valid team name: expected ${OWNER_PATTERN_TEXT}, e.g. 'shopping'.`,
  missingOwner: 'fieldDependency needs an `owner` option naming the team that owns this dependency.',
  invalidType:
    'Invalid fieldDependency type {{type}}: expected Map, Set, Array, Object, String, Number, Boolean, null, or [T] with T one of those.',
  misfitFallback: 'Fallback {{type}} does not fit `{{value}}`, the value type {{where}}{{note}}: {{fix}}.',
  missingSuppressionReason:
    'A field-dependency-ignore comment needs a reason: `// field-dependency-ignore: <why this loader may stay unwrapped>`.',
} as const;

/** A message id of `require-field-dependency`. */
export type RequireMessageId = keyof typeof REQUIRE_MESSAGES;
/** A message id of `valid-field-dependency`. */
export type ValidMessageId = keyof typeof VALID_MESSAGES;
/** Any message id either rule reports. */
export type MessageId = RequireMessageId | ValidMessageId;

const ALL_MESSAGES: Readonly<Record<MessageId, string>> = { ...REQUIRE_MESSAGES, ...VALID_MESSAGES };

/** One-line descriptions of the rules, for ESLint docs metadata and SARIF rule descriptors. */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleName, string>> = {
  'require-field-dependency': 'Require every loader (DataLoader batch function or configured loader) to be wrapped with fieldDependency',
  'valid-field-dependency': 'Require valid fieldDependency owners and types, and a reason on every field-dependency-ignore comment',
};

/** Fills a template's `{{placeholders}}` the way ESLint does, so both front ends print the same text. */
export function formatMessage(messageId: MessageId, data: Readonly<Record<string, string>>): string {
  return ALL_MESSAGES[messageId].replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}
