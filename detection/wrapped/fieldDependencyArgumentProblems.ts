import type { CallExpression, Expression, Node } from 'typescript';
import type { AnalysisContext } from '../AnalysisContext.js';
import type { ValidMessageId } from '../types/messages.js';
import { targetDeclaration } from '../symbols.js';
import { excerpt, skipOuterExpressions, staticNameText, stringLiteralText } from '../syntax.js';
import { OWNER_PATTERN } from '../../src/contract/ownerPattern.js';

/** A problem with the arguments of one `fieldDependency(type, options)` call. */
export interface ArgumentProblem {
  readonly messageId: Exclude<ValidMessageId, 'missingSuppressionReason'>;
  readonly data: Readonly<Record<string, string>>;
  readonly node: Node;
}

/** The constructors `type` may name, each standing for its empty value. */
const EMPTY_VALUE_CONSTRUCTORS: ReadonlySet<string> = new Set(['Map', 'Set', 'Array', 'Object', 'String', 'Number', 'Boolean']);

/**
 * What is statically wrong with the arguments of `fieldDependency(type, options)`: an owner literal that
 * does not match the contract's pattern, a missing owner, a `type` that is not one of the empty-value
 * constructors, `null` or `[T]`. Values only known at run time are left to the runtime's own checks.
 */
export function fieldDependencyArgumentProblems(context: AnalysisContext, call: CallExpression): readonly ArgumentProblem[] {
  const { ts } = context;
  if (call.arguments.some((argument) => ts.isSpreadElement(argument))) return [];
  const [type, options] = call.arguments;
  const problems: ArgumentProblem[] = [];
  if (type === undefined) {
    problems.push({ messageId: 'invalidType', data: { type: '(missing)' }, node: call });
  } else if (!isPossiblyValidType(context, type, true)) {
    problems.push({ messageId: 'invalidType', data: { type: `\`${excerpt(type)}\`` }, node: type });
  }
  if (options === undefined) {
    problems.push({ messageId: 'missingOwner', data: {}, node: call });
    return problems;
  }
  const literal = skipOuterExpressions(ts, options);
  if (!ts.isObjectLiteralExpression(literal)) return problems;
  const owner = literal.properties.find((property) => staticNameText(ts, property.name) === 'owner');
  if (owner === undefined) {
    if (!literal.properties.some((property) => ts.isSpreadAssignment(property))) {
      problems.push({ messageId: 'missingOwner', data: {}, node: literal });
    }
  } else if (ts.isPropertyAssignment(owner)) {
    const value = stringLiteralText(ts, skipOuterExpressions(ts, owner.initializer));
    if (value !== undefined && !OWNER_PATTERN.test(value)) {
      problems.push({ messageId: 'invalidOwner', data: { owner: JSON.stringify(value) }, node: owner.initializer });
    }
  }
  return problems;
}

/** `false` only when `type` is certainly not a valid fallback type; references to variables pass. */
function isPossiblyValidType(context: AnalysisContext, expression: Expression, allowArray: boolean): boolean {
  const { ts, checker } = context;
  const node = skipOuterExpressions(ts, expression);
  if (node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isArrayLiteralExpression(node)) {
    const [element] = node.elements;
    return allowArray && node.elements.length === 1 && element !== undefined && !ts.isSpreadElement(element) && isPossiblyValidType(context, element, false);
  }
  if (ts.isIdentifier(node)) {
    if (node.text === 'undefined') return false;
    const symbol = checker.getSymbolAtLocation(node);
    const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
    if (EMPTY_VALUE_CONSTRUCTORS.has(node.text)) return declaration === undefined || declaration.getSourceFile().isDeclarationFile;
    if (declaration === undefined) return true;
    return !(
      ts.isClassLike(declaration) ||
      ts.isFunctionDeclaration(declaration) ||
      ts.isEnumDeclaration(declaration) ||
      ts.isInterfaceDeclaration(declaration)
    );
  }
  return !(
    ts.isLiteralExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isNewExpression(node) ||
    ts.isFunctionLike(node) ||
    ts.isClassExpression(node) ||
    ts.isTemplateExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword
  );
}
