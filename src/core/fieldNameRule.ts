/**
 * The one rule that names a field dependency, shared by the runtime (which reads its facts from the source
 * text at the definition site) and the static tools (`check`, `codemod`, `inventory`, `deciders`, which read
 * them from the syntax tree). Each side only extracts the facts; the name is decided here, so the flag key
 * and the metric series a tool prints are the ones the running process uses.
 */

/**
 * What holds a loader (the wrapped function, or the DataLoader made from it), with what may stand between
 * them: parentheses, type assertions, `await`, an arrow's expression body (`() => …`), and being the first
 * argument of a call or `new` (`new DataLoader(loader, options)`, `evictDegradedKeys(loader)`).
 * - `variable`: `const likes = …`
 * - `property`: `likes: …` in an object literal (`'likes': …` too)
 * - `class-field`: `likes = …` in a class body (`private readonly likes: DataLoader<K, V> = …`, `#likes = …`)
 * - `assignment`: `this.likes = …` (a constructor's), `loaders.likes = …`, `likes = …`
 *
 * A `return` is not a holder: a DataLoader returned by a function is named by whoever holds the function's result.
 */
export type HolderKind = 'variable' | 'property' | 'class-field' | 'assignment';

/** A holder, with its name as written. */
export interface Holder {
  readonly kind: HolderKind;
  /** `likes`; `'likes'` for a quoted key; `#likes` for a private field; `this.likes` or `loaders.likes` for an assignment. */
  readonly written: string;
}

/** What names a loader, as far as it is known. Empty strings count as absent. */
export interface NamingFacts {
  /** The `name` option. */
  readonly name?: string | undefined;
  /** The decorated method's name (`#batch` for a private one). */
  readonly methodName?: string | undefined;
  /** The `name` the wrapped function has at run time (`''` for an anonymous function). */
  readonly functionName?: string | undefined;
  readonly holder?: Holder | undefined;
  /** The last resort: a loader nothing names is named after its owner. */
  readonly owner: string;
}

/**
 * The field name of a loader, in order: the `name` option; the decorated method's name; the wrapped
 * function's own name; the name of its holder; its owner.
 *
 * @example
 * fieldNameOf({ holder: { kind: 'assignment', written: 'this.likes' }, functionName: '', owner: 'engagement' }); // 'likes'
 */
export function fieldNameOf(facts: NamingFacts): string {
  if (facts.name !== undefined) return facts.name;
  return facts.methodName || facts.functionName || (facts.holder === undefined ? undefined : holderFieldName(facts.holder)) || facts.owner;
}

/**
 * The field name a holder gives: the name as written, quotes removed, and for an assignment the assigned
 * member's (`this.likes` → `likes`, `this.#likes` → `#likes`). `undefined` when it is not a plain name.
 */
export function holderFieldName(holder: Holder): string | undefined {
  const written = holder.written.trim();
  const name = holder.kind === 'assignment' ? (/(?:^|\.\s*)(#?[A-Za-z_$][\w$]*)$/.exec(written)?.[1] ?? '') : written;
  const quoted = /^(['"])(.*)\1$/s.exec(name);
  if (quoted !== null) return holder.kind === 'property' || holder.kind === 'class-field' ? (quoted[2] as string) : undefined;
  return /^#?[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}
