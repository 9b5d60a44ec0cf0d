/**
 * The part of a regular expression that can make a backtracking engine take exponential time, if any: a
 * group repeated a variable number of times (`*`, `+`, `{n,}`, `{n,m}` with m > 1) that itself holds a repeated atom or an alternation,
 * as in `(a+)+`, `(\w*)*` or `(a|aa)+`. On a name that almost matches, JavaScript's engine tries every way to
 * split it between the inner and the outer repetition: `^(a+)+b$` on 30 `a`s and a `c` takes minutes. It is the
 * star-height test of safe-regex, on this grammar: escapes, classes `[…]`, groups `(…)`, `(?:…)`, lookarounds
 * and named groups. A nested repetition that cannot be ambiguous (`(ab+)+`) is reported too: it is rare in a
 * name pattern and always has a flat rewrite. `source` must already compile (with the `u` flag).
 */
export function repeatedAmbiguity(source: string): string | undefined {
  interface Group {
    readonly start: number;
    repeats: boolean;
    alternates: boolean;
  }
  const root: Group = { start: 0, repeats: false, alternates: false };
  const groups: Group[] = [];
  const current = (): Group => groups[groups.length - 1] ?? root;
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') {
      index = /^\\[pPu]\{/.test(source.slice(index, index + 3)) ? source.indexOf('}', index) + 1 : index + 2;
      index = afterQuantifier(source, index, current());
    } else if (char === '[') {
      index = classEnd(source, index);
      index = afterQuantifier(source, index, current());
    } else if (char === '(') {
      groups.push({ start: index, repeats: false, alternates: false });
      index += groupPrefixLength(source, index);
    } else if (char === ')') {
      const group = groups.pop() ?? root;
      index += 1;
      const { end, repeating } = quantifierAt(source, index);
      if (repeating && (group.repeats || group.alternates)) return source.slice(group.start, end);
      const parent = current();
      parent.repeats ||= group.repeats || repeating;
      index = end;
    } else if (char === '|') {
      current().alternates = true;
      index += 1;
    } else {
      index = afterQuantifier(source, index + 1, current());
    }
  }
  return undefined;
}

/** Past the quantifier at `index`, if any, marking `group` as holding a repetition when it repeats. */
function afterQuantifier(source: string, index: number, group: { repeats: boolean }): number {
  const { end, repeating } = quantifierAt(source, index);
  if (repeating) group.repeats = true;
  return end;
}

/**
 * The quantifier at `index` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each possibly lazy): where it ends, and whether
 * it repeats a variable number of times (`{3}` does not: it cannot split a name in more than one way).
 */
function quantifierAt(source: string, index: number): { end: number; repeating: boolean } {
  const char = source[index];
  let end = index;
  let repeating = false;
  if (char === '*' || char === '+') {
    end = index + 1;
    repeating = true;
  } else if (char === '?') {
    end = index + 1;
  } else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index));
    if (match !== null) {
      end = index + match[0].length;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      repeating = max > 1 && max > min;
    }
  }
  if (end > index && source[end] === '?') end += 1;
  return { end, repeating };
}

/** The index after the class that opens at `index`. */
function classEnd(source: string, index: number): number {
  let position = index + 1;
  while (position < source.length && source[position] !== ']') position += source[position] === '\\' ? 2 : 1;
  return position + 1;
}

/** How many characters open the group at `index`: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupPrefixLength(source: string, index: number): number {
  const prefix = /^\((\?(:|=|!|<=|<!|<[^>]+>))?/.exec(source.slice(index))?.[0] ?? '(';
  return prefix.length;
}
