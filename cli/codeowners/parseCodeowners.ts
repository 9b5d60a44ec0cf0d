import { compileCodeownersPattern } from './compileCodeownersPattern.js';
import type { CodeownersProblem, CodeownersRule } from './CodeownersRule.js';

/** A CODEOWNERS file, parsed: its usable rules in order, and the lines that could not be used. */
export interface ParsedCodeowners {
  readonly rules: readonly CodeownersRule[];
  readonly problems: readonly CodeownersProblem[];
}

/** `@user`, `@org/team`, or an e-mail address: the owner forms GitHub accepts. */
const OWNER_FORM = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/**
 * Parses a CODEOWNERS file as GitHub reads it: one `pattern owner…` rule per line, `#` comments (whole line,
 * or after whitespace), blank lines ignored, `\ ` escaping a space in a pattern. A line GitHub would flag as
 * an error is reported with its line number and skipped: a pattern using gitignore syntax CODEOWNERS does
 * not support (`!` negation, `[ ]` ranges, `\#`), or an owner that is not `@user`, `@org/team` or an e-mail.
 */
export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw);
    const [pattern, ...owners] = tokens;
    if (pattern === undefined) return;
    const problem = patternProblem(pattern) ?? ownerProblem(owners);
    if (problem !== undefined) problems.push({ line, message: problem });
    else rules.push({ line, pattern, owners, matchers: compileCodeownersPattern(pattern) });
  });
  return { rules, problems };
}

/** The line's tokens, split at unescaped whitespace, up to a `#` that starts the line or follows whitespace. */
function tokenize(raw: string): readonly string[] {
  const tokens: string[] = [];
  let current = '';
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw.charAt(index);
    if (char === '\\' && index + 1 < raw.length) {
      current += raw.slice(index, index + 2);
      index += 1;
    } else if (char === ' ' || char === '\t') {
      if (current !== '') tokens.push(current);
      current = '';
    } else if (char === '#' && current === '') {
      break;
    } else {
      current += char;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return `pattern '${pattern}': negation with '!' is not supported in CODEOWNERS`;
  if (pattern.startsWith('\\#')) return `pattern '${pattern}': escaping a leading '#' is not supported in CODEOWNERS`;
  if (/(?<!\\)[[\]]/.test(pattern)) return `pattern '${pattern}': character ranges with '[ ]' are not supported in CODEOWNERS`;
  return undefined;
}

function ownerProblem(owners: readonly string[]): string | undefined {
  const bad = owners.find((owner) => !OWNER_FORM.test(owner));
  return bad === undefined ? undefined : `owner '${bad}' is not @user, @org/team or an e-mail address`;
}
