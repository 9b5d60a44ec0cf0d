/**
 * The naming rule's two readers agree: the runtime's (the source text before the `fieldDependency(` call)
 * and the tools' (the syntax tree) find the same holder in each snippet, and the rule gives it one name.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { holderName } from '../../detection/index.js';
import { fieldNameOf, holderFieldName } from '../../src/core/fieldNameRule.js';
import { holderFromSource } from '../../src/core/holderFromSource.js';

const WRAP = 'fieldDependency([null], { owner: "engagement" })(async (ids) => ids)';

/** A snippet with `@` where the wrapper goes, and the name both readers must find (`undefined`: none). */
const CASES: readonly (readonly [snippet: string, name: string | undefined])[] = [
  ['export const likes = @;', 'likes'],
  ['let likes: Batch<string, Map<string, number | null>> = @;', 'likes'],
  ['const likes: (ids: readonly string[]) => Promise<number[]> = @;', 'likes'],
  ['const loaders = { likes: @, shares: 1 };', 'likes'],
  ["const loaders = { 'saved-by': @ };", 'saved-by'],
  ['class A { readonly likes = @; }', 'likes'],
  ['class A { private readonly likes: DataLoader<string, number | null> = new DataLoader(@, { cache: false }); }', 'likes'],
  ['class A { #likes = @; }', '#likes'],
  ['class A { constructor() { this.likes = new DataLoader(@); } }', 'likes'],
  ['class A { constructor() { this.#likes = @; } }', '#likes'],
  ['loaders.byUser.likes = @;', 'likes'],
  ['const loaders = {\n  likes: new DataLoader<string, number>(\n    @,\n  ),\n};', 'likes'],
  ['const loaders = { likes: () => new DataLoader(@) };', 'likes'],
  ['const loaders = { likes: (ctx: Context): DataLoader<string, number> => new DataLoader(@) };', 'likes'],
  ['const loaders = { likes: async () => await @ };', 'likes'],
  ['const loaders = { likes: new DataLoader(evictDegradedKeys(@)) };', 'likes'],
  ['const loaders = { likes: new DataLoader(\n  // batched by user\n  @) };', 'likes'],
  // Not holders: a return, a second argument, a computed key, a logical expression.
  ['function likes() { return new DataLoader(@); }', undefined],
  ['const likes = new DataLoader(other, @);', undefined],
  ['const loaders = { [key]: @ };', undefined],
  ['const likes = cached ?? new DataLoader(@);', undefined],
  ['export default new DataLoader(@);', undefined],
];

/** The holder's name as the tools read it: from the `fieldDependency(…)(…)` call in the parsed snippet. */
function toolsName(source: string): string | undefined {
  const file = ts.createSourceFile('snippet.ts', source, ts.ScriptTarget.ES2022, true);
  let found: string | undefined;
  let seen = false;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression) && node.expression.expression.getText() === 'fieldDependency') {
      seen = true;
      found = holderName(ts, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  expect(seen).toBe(true);
  return found;
}

/** The holder's name as the runtime reads it: from the text before the call, as `definitionSite` gives it. */
function runtimeName(source: string): string | undefined {
  const holder = holderFromSource(source.slice(0, source.indexOf(WRAP)));
  return holder === undefined ? undefined : holderFieldName(holder);
}

describe('the runtime and the tools read the same holder', () => {
  it.each(CASES)('%s → %s', (snippet, name) => {
    const source = snippet.replace('@', WRAP);
    expect(runtimeName(source)).toBe(name);
    expect(toolsName(source)).toBe(name);
  });
});

describe('fieldNameOf: name, then method, then function, then holder, then owner', () => {
  const holder = { kind: 'assignment', written: 'this.likes' } as const;

  it('takes the first that is known', () => {
    expect(fieldNameOf({ name: 'explicit', methodName: 'batch', functionName: 'loadLikes', holder, owner: 'engagement' })).toBe('explicit');
    expect(fieldNameOf({ methodName: 'batch', functionName: 'loadLikes', holder, owner: 'engagement' })).toBe('batch');
    expect(fieldNameOf({ functionName: 'loadLikes', holder, owner: 'engagement' })).toBe('loadLikes');
    expect(fieldNameOf({ functionName: '', holder, owner: 'engagement' })).toBe('likes');
    expect(fieldNameOf({ functionName: '', owner: 'engagement' })).toBe('engagement');
  });

  it('a holder that is not a plain name does not name the field', () => {
    expect(holderFieldName({ kind: 'assignment', written: 'this[key]' })).toBeUndefined();
    expect(holderFieldName({ kind: 'variable', written: "'quoted'" })).toBeUndefined();
    expect(fieldNameOf({ functionName: '', holder: { kind: 'assignment', written: 'this[key]' }, owner: 'engagement' })).toBe('engagement');
  });
});
