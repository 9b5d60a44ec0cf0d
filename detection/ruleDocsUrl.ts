/** Where the rule documentation pages (docs/rules/*.md) are published. */
const RULE_DOCS_BASE_URL = 'https://github.com/field-dependency/field-dependency/blob/main/docs/rules/';

/** The documentation page of a rule, used by ESLint's `docs.url` and SARIF's `helpUri`. */
export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE_URL}${rule}.md`;
}
