import type { Node } from 'typescript';
import { staticNameText, walkDescendants, type TypeScriptApi } from '../../detection/index.js';
import type { CodemodTarget } from './CodemodTarget.js';
import { holderName } from './holderName.js';

/** Why a loader must not silently degrade: it writes, or it decides access. */
export interface SensitiveLoader {
  readonly kind: 'writes' | 'authorization';
  /** The name that says so: the loader's, its DataLoader's, or a function it calls (`Users.bulkUpdate`). */
  readonly evidence: string;
}

/** Words that make a name a write: a fallback would hide a failed write (and swallow, say, a lock error). */
const WRITE_WORDS = new Set(['insert', 'update', 'upsert', 'delete', 'remove', 'destroy', 'create', 'save', 'write', 'persist', 'increment', 'decrement', 'mutate', 'mutation']);
/** Words that make a name an authorization check: a fallback would turn a failed check into a default answer. */
const AUTHORIZATION_WORDS = new Set(['permission', 'permissions', 'authorize', 'authorized', 'authorization', 'authorizer', 'auth', 'acl', 'acls', 'policy', 'policies', 'entitlement', 'entitlements', 'allowed', 'grant', 'grants', 'access', 'can']);

/**
 * Whether a loader writes or checks authorization, judged by names: its own, its DataLoader's holder
 * (`saveUsers`, `canView`), and the functions and objects its body calls (`Users.bulkUpdate`, `acl.check`).
 * Such a loader is wrapped `critical: true` (instrumented, its failures still propagate) and marked for review,
 * never silently made to degrade. Writes are looked for first.
 */
export function sensitiveLoader(ts: TypeScriptApi, target: CodemodTarget): SensitiveLoader | undefined {
  const names: string[] = [];
  if (target.declaration?.name !== undefined) names.push(target.declaration.name);
  for (const argument of target.batchArguments) {
    const holder = holderName(ts, argument);
    if (holder !== undefined) names.push(holder);
  }
  const bodies: Node[] = [...(target.declaration?.functionNode === undefined ? [] : [target.declaration.functionNode]), ...target.batchArguments];
  for (const body of bodies) names.push(...calledNames(ts, body));
  for (const [kind, words] of [['writes', WRITE_WORDS], ['authorization', AUTHORIZATION_WORDS]] as const) {
    const evidence = names.find((name) => wordsOf(name).some((word) => words.has(word)));
    if (evidence !== undefined) return { kind, evidence };
  }
  return undefined;
}

/** `Users.bulkUpdate`, `check`, … for every call under `node`. */
function calledNames(ts: TypeScriptApi, node: Node): string[] {
  const names: string[] = [];
  const visit = (current: Node): void => {
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      if (ts.isIdentifier(callee)) names.push(callee.text);
      else if (ts.isPropertyAccessExpression(callee)) {
        const receiver = ts.isIdentifier(callee.expression) ? `${callee.expression.text}.` : ts.isPropertyAccessExpression(callee.expression) ? `${callee.expression.name.text}.` : '';
        const member = staticNameText(ts, callee.name);
        if (member !== undefined) names.push(`${receiver}${member}`);
      }
    }
  };
  walkDescendants(ts, node, visit);
  return names;
}

/** `Users.bulkUpdate` → users, bulk, update; `can_view_pins` → can, view, pins. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}
