/** `name =`, `this.name =`, `const name: Type =` (not `==`, `=>`). */
const ASSIGNMENT = /([A-Za-z_$][\w$]*)\s*(?::\s*[^=;,(){}]+?)?\s*=(?![=>])/g;
/** `name:` or `'name':` as an object literal key (not `::`). */
const PROPERTY = /([A-Za-z_$][\w$]*|'[^'\n]+'|"[^"\n]+")\s*:(?!:)/g;
/**
 * What may stand between the name and the `fieldDependency(` call: `new DataLoader(`, `() =>`, `await`, …,
 * and the callee as compilers write an imported call in CommonJS (`(0, field_dependency_1.fieldDependency)`
 * from tsc, `(0, _fieldDependency.fieldDependency)` from babel, esbuild alike), where the engine's position
 * is after the callee, not at it.
 */
const LEAD_IN = /^(?:\s|new\s+[\w$.]+\s*(?:<[^>]*>)?\s*\(|async|\(\s*\)\s*=>|\(?\s*[\w$]+\s*\)?\s*=>|await|\(\s*0\s*,\s*[\w$.]+\s*\)|[\w$.]+\s*\(|[\w$]+\.|\?|!|\()*$/;

/**
 * The name a loader is assigned to, read from the source text just before its `fieldDependency(` call:
 * the nearest `name =` or `name:` whose right-hand side leads to the call (`byUserId: () => new
 * DataLoader(fieldDependency(…`, `export const batchBoards = fieldDependency(…`, `this.comments =
 * fieldDependency(…`). `undefined` when there is none.
 */
export function nameFromSource(prefix: string): string | undefined {
  let best: { name: string; end: number } | undefined;
  for (const pattern of [ASSIGNMENT, PROPERTY]) {
    for (const match of prefix.matchAll(pattern)) {
      const end = (match.index ?? 0) + match[0].length;
      if (!LEAD_IN.test(prefix.slice(end))) continue;
      if (best === undefined || end > best.end) best = { name: unquote(match[1] as string), end };
    }
  }
  return best?.name;
}

function unquote(name: string): string {
  return /^['"]/.test(name) ? name.slice(1, -1) : name;
}
