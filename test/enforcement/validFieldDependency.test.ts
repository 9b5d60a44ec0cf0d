import { validFieldDependency } from '../../lint-rules/rules/validFieldDependency.js';
import { runRuleTests } from './support/ruleTester.js';

const header = `import { fieldDependency } from 'field-dependency';\n`;

runRuleTests('valid-field-dependency', validFieldDependency, {
  valid: [
    { name: 'Map with an owner', code: `${header}export const a = fieldDependency(Map, { owner: 'shopping' });` },
    { name: 'aligned batch of objects, owner with dots, dashes, underscores', code: `${header}export const a = fieldDependency([Object], { owner: 'boards.read-path_v2' });` },
    { name: 'null type', code: `${header}export const a = fieldDependency(null, { owner: 'x' });` },
    { name: 'every empty-value constructor', code: `${header}export const all = [Map, Set, Array, Object, String, Number, Boolean].map((type) => fieldDependency(type, { owner: 'x' }));` },
    { name: 'options from a spread: the owner is checked at run time', code: `${header}const base = { owner: 'x' };\nexport const a = fieldDependency(Set, { ...base });` },
    { name: 'options in a variable', code: `${header}const options = { owner: 'x' };\nexport const a = fieldDependency(Array, options);` },
    { name: 'owner from a variable', code: `${header}const team = 'Not Checked Here';\nexport const a = fieldDependency(Array, { owner: team });` },
    {
      name: 'a local fieldDependency is not checked',
      code: `function fieldDependency(_type: unknown, _options?: { owner?: string }) { return 1; }\nexport const a = fieldDependency('anything', { owner: 'Not A Team' });`,
    },
    { name: 'a suppression with a reason', code: `// field-dependency-ignore: legacy loader\nexport const a = 1;` },
    { name: 'a block suppression with a reason', code: `/* field-dependency-ignore: legacy loader */\nexport const a = 1;` },
    { name: 'the marker inside other text is not a suppression', code: `export const text = 'see field-dependency-ignore in the docs';` },
  ],
  invalid: [
    {
      name: 'owner with a space',
      code: `${header}export const a = fieldDependency([null], { owner: 'Shopping Team' });`,
      errors: [{ messageId: 'invalidOwner', line: 2, column: 51, endColumn: 66, data: { owner: '"Shopping Team"' } }],
    },
    {
      name: 'empty owner',
      code: `${header}export const a = fieldDependency([null], { owner: '' });`,
      errors: [{ messageId: 'invalidOwner', line: 2, column: 51, data: { owner: '""' } }],
    },
    {
      name: 'owner starting with a dash, in a template literal, through a namespace import',
      code: `import * as resilience from 'field-dependency';\nexport const a = resilience.fieldDependency(Map, { owner: \`-team\` });`,
      errors: [{ messageId: 'invalidOwner', line: 2, column: 59 }],
    },
    {
      name: 'owner checked through an aliased import',
      code: `import { fieldDependency as fd } from 'field-dependency';\nexport const a = fd(Map, { owner: 'a b' });`,
      errors: [{ messageId: 'invalidOwner', line: 2, column: 35 }],
    },
    {
      name: 'options without owner',
      code: `${header}export const a = fieldDependency(Map, { critical: true });`,
      errors: [{ messageId: 'missingOwner', line: 2, column: 39 }],
    },
    {
      name: 'no options at all',
      code: `${header}export const a = fieldDependency(Map);`,
      errors: [{ messageId: 'missingOwner', line: 2, column: 18 }],
    },
    {
      name: 'no arguments: type and owner both missing',
      code: `${header}export const a = fieldDependency();`,
      errors: [
        { messageId: 'invalidType', line: 2, column: 18, data: { type: '(missing)' } },
        { messageId: 'missingOwner', line: 2, column: 18 },
      ],
    },
    {
      name: 'a string instead of a constructor',
      code: `${header}export const a = fieldDependency('map', { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34, data: { type: "`'map'`" } }],
    },
    {
      name: '[T] with two elements',
      code: `${header}export const a = fieldDependency([null, null], { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34, data: { type: '`[null, null]`' } }],
    },
    {
      name: 'an empty array',
      code: `${header}export const a = fieldDependency([], { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34 }],
    },
    {
      name: 'nested arrays',
      code: `${header}export const a = fieldDependency([[Map]], { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34 }],
    },
    {
      name: 'a user class is not an empty-value type',
      code: `${header}class User { readonly id = ''; }\nexport const a = fieldDependency(User, { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 3, column: 34, data: { type: '`User`' } }],
    },
    {
      name: 'a local class shadowing Map is not the global Map',
      code: `${header}class Map { readonly size = 0; }\nexport const a = fieldDependency(Map, { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 3, column: 34 }],
    },
    {
      name: 'undefined',
      code: `${header}export const a = fieldDependency(undefined, { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34 }],
    },
    {
      name: 'an object literal',
      code: `${header}export const a = fieldDependency({}, { owner: 'x' });`,
      errors: [{ messageId: 'invalidType', line: 2, column: 34 }],
    },
    {
      name: 'a decorator with a bad owner',
      code: `${header}export class Fields {\n  @fieldDependency(Map, { owner: 'Bad Owner' })\n  async shopping(ids: readonly string[]) { return new Map(ids.map((id) => [id, id])); }\n}`,
      errors: [{ messageId: 'invalidOwner', line: 3, column: 34 }],
    },
    {
      name: 'a suppression without a reason',
      code: `// field-dependency-ignore\nexport const a = 1;`,
      errors: [{ messageId: 'missingSuppressionReason', line: 1, column: 1, endColumn: 27 }],
    },
    {
      name: 'a suppression with an empty reason',
      code: `export const a = 1;\n  // field-dependency-ignore:   \nexport const b = 2;`,
      errors: [{ messageId: 'missingSuppressionReason', line: 2, column: 3 }],
    },
    {
      name: 'a suppression without the colon',
      code: `// field-dependency-ignore it is old\nexport const a = 1;`,
      errors: [{ messageId: 'missingSuppressionReason', line: 1, column: 1 }],
    },
    {
      name: 'a block suppression without a reason',
      code: `/* field-dependency-ignore */\nexport const a = 1;`,
      errors: [{ messageId: 'missingSuppressionReason', line: 1, column: 1 }],
    },
  ],
});
