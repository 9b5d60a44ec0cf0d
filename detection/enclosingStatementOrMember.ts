import type { Node } from 'typescript';
import type { TypeScriptApi } from './TypeScriptApi.js';

/**
 * The statement, class member or object-literal property that holds `node`: a suppression comment on the
 * line before it covers everything it holds.
 */
export function enclosingStatementOrMember(ts: TypeScriptApi, node: Node): Node {
  let current = node;
  while (
    !ts.isSourceFile(current.parent) &&
    !ts.isStatement(current) &&
    !ts.isClassElement(current) &&
    !(ts.isObjectLiteralElementLike(current) && ts.isObjectLiteralExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current;
}
