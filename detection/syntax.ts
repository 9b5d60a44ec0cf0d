import type { Expression, Node } from 'typescript';
import type { TypeScriptApi } from './TypeScriptApi.js';

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>` assertions: `(fn as Batch)` → `fn`. */
export function skipOuterExpressions(ts: TypeScriptApi, expression: Expression): Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** A module specifier naming a package (`dataloader`, `@scope/pkg`), not a relative or absolute path. */
export function isBareSpecifier(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(specifier);
}

/** The text of a string-literal-like node, or `undefined`. */
export function stringLiteralText(ts: TypeScriptApi, node: Node | undefined): string | undefined {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The text of an identifier, private identifier or string/numeric literal name; `undefined` for computed names. */
export function staticNameText(ts: TypeScriptApi, name: Node | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  return undefined;
}

/** Whether `node` is `require('…')` with a literal specifier; returns the specifier. */
export function requiredModule(ts: TypeScriptApi, node: Node): string | undefined {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require') return undefined;
  return node.arguments.length === 1 ? stringLiteralText(ts, node.arguments[0]) : undefined;
}

/** A node's text on one line, cut to `max` characters, for messages. */
export function excerpt(node: Node, max = 40): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
