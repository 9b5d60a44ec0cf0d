import path from 'node:path';
import type { Node } from 'typescript';
import { staticNameText, type TypeScriptApi } from '../../detection/index.js';

/**
 * The name of what encloses `node`, to tell apart two loaders that would get the same field name: the nearest
 * named class, function, method, variable or property around it whose name is not `name` itself (the loader's
 * own holder); the file's base name when none is. `createAdminLoaders` for `byUserId` in
 * `function createAdminLoaders() { return { byUserId: () => new DataLoader(…) }; }`.
 */
export function scopeName(ts: TypeScriptApi, node: Node, name: string): string {
  for (let current = node.parent; !ts.isSourceFile(current); current = current.parent) {
    const named =
      ts.isClassLike(current) ||
      ts.isFunctionDeclaration(current) ||
      ts.isMethodDeclaration(current) ||
      ts.isVariableDeclaration(current) ||
      ts.isPropertyAssignment(current) ||
      ts.isPropertyDeclaration(current)
        ? current.name
        : undefined;
    const text = named === undefined ? undefined : staticNameText(ts, named);
    if (text !== undefined && text !== name) return text;
  }
  return path.basename(node.getSourceFile().fileName).replace(/\.[cm]?[jt]sx?$/, '');
}
