import type { Holder } from './fieldNameRule.js';

/** A type argument list, one level of nesting: `<string, Map<string, User>>`. */
const TYPE_ARGUMENTS = String.raw`<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>`;
/** A type annotation up to the `=` of an initializer: `DataLoader<string, User | null>`, `Like[]`, `(ids: K[]) => Promise<V[]>`. */
const ANNOTATION = String.raw`(?:[^=;,(){}<>]|${TYPE_ARGUMENTS}|\([^()]*\)\s*=>)+?`;
/** `name =`, `this.name =`, `loaders.name =`, `#name =`, `const name: Type =` (not `==`, `=>`). */
const ASSIGNMENT = new RegExp(String.raw`((?:\bthis|[A-Za-z_$][\w$]*)\s*\.\s*)?(#?[A-Za-z_$][\w$]*)\s*(?::\s*${ANNOTATION})?\s*=(?![=>])`, 'g');
/** `name:` or `'name':` as an object literal key (not `::`). */
const PROPERTY = /([A-Za-z_$][\w$]*|'[^'\n]+'|"[^"\n]+")\s*:(?!:)/g;
/** `const`, `let` or `var` just before a name: a variable. */
const DECLARATION = /\b(?:const|let|var)\s+$/;
/**
 * What may stand between the holder and the `fieldDependency(` call (the lead-ins the rule allows):
 * whitespace and comments, `new DataLoader<K, V>(` and any call whose first argument the loader is,
 * an arrow's expression body (`() =>`, `ctx =>`, `(ctx: Context): X =>`, `async`), `await`, `(`, and the
 * callee as compilers write an imported call in CommonJS (`(0, field_dependency_1.fieldDependency)`
 * from tsc, `(0, _fieldDependency.fieldDependency)` from babel, esbuild alike), where the engine's position
 * is after the callee, not at it.
 */
const LEAD_IN = new RegExp(
  String.raw`^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|new\s+[\w$.]+\s*(?:${TYPE_ARGUMENTS})?\s*\(|async\b|\([^()]*\)\s*(?::[^=()]*)?=>|[\w$]+\s*=>|await\b|\(\s*0\s*,\s*[\w$.]+\s*\)|[\w$.]+\s*(?:${TYPE_ARGUMENTS})?\s*\(|[\w$]+\??\.|!|\()*$`,
);

/**
 * The holder of a loader, read from the source text just before its `fieldDependency(` call: the nearest
 * `name =`, `this.name =` or `name:` whose right-hand side leads to the call (`byUserId: () => new
 * DataLoader(fieldDependency(…`, `export const batchBoards = fieldDependency(…`, `this.comments = new
 * DataLoader(fieldDependency(…`). `undefined` when there is none. The name it gives is decided by
 * {@link holderFieldName}, as for the static tools.
 */
export function holderFromSource(prefix: string): Holder | undefined {
  let best: { holder: Holder; end: number } | undefined;
  const consider = (holder: Holder, end: number): void => {
    if (LEAD_IN.test(prefix.slice(end)) && (best === undefined || end > best.end)) best = { holder, end };
  };
  for (const match of prefix.matchAll(ASSIGNMENT)) {
    const [whole, member, name] = match as unknown as [string, string | undefined, string];
    const start = match.index ?? 0;
    const kind = member !== undefined ? 'assignment' : DECLARATION.test(prefix.slice(0, start)) ? 'variable' : 'assignment';
    consider({ kind, written: member === undefined ? name : `${member.replace(/\s+/g, '')}${name}` }, start + whole.length);
  }
  for (const match of prefix.matchAll(PROPERTY)) {
    consider({ kind: 'property', written: match[1] as string }, (match.index ?? 0) + match[0].length);
  }
  return best?.holder;
}
