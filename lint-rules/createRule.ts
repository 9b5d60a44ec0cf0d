import { ESLintUtils } from '@typescript-eslint/utils';
import { ruleDocsUrl } from '../detection/index.js';

/** The `docs` every rule of this plugin declares. */
export interface FieldDependencyRuleDocs {
  readonly description: string;
  /** Always `true`: the rules follow references across files with the type checker. */
  readonly requiresTypeChecking: true;
}

/** typescript-eslint's `RuleCreator`, linking each rule to its page in docs/rules/. */
export const createRule = ESLintUtils.RuleCreator<FieldDependencyRuleDocs>(ruleDocsUrl);
