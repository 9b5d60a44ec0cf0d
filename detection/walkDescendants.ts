import type { Node } from 'typescript';
import type { TypeScriptApi } from './TypeScriptApi.js';

/** What a {@link walkDescendants} visitor answers: nothing to go on, `'skip'` to leave the node's children out, `'stop'` to end the walk. */
export type WalkStep = void | 'skip' | 'stop';

/**
 * Visits `root` and every node under it in source order, each node before its children, as a recursive
 * `ts.forEachChild` walk does, but with an explicit stack instead of the call stack: source that `tsc`
 * compiles can nest deeper than JavaScript can recurse (a 5,000-term `'a' + 'b' + …` is 5,000 levels of
 * binary expressions).
 */
export function walkDescendants(ts: TypeScriptApi, root: Node, visit: (node: Node) => WalkStep): void {
  const stack: Node[] = [root];
  const children: Node[] = [];
  const collect = (child: Node): undefined => {
    children.push(child);
    return undefined;
  };
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const step = visit(node);
    if (step === 'stop') return;
    if (step === 'skip') continue;
    ts.forEachChild(node, collect);
    // reversed onto the stack, so that the first child is visited next
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as Node);
    children.length = 0;
  }
}
