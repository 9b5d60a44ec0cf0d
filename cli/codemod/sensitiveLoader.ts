import type { Expression, Node, Type, TypeChecker } from 'typescript';
import { holderName, skipOuterExpressions, staticNameText, walkDescendants, type TypeScriptApi } from '../../detection/index.js';
import type { CodemodTarget } from './CodemodTarget.js';

/**
 * Why a loader must not silently degrade: it writes, or its value decides who gets in or where a request
 * goes (access, identity, membership, tenancy, billing, routing): an empty value there grants or denies by
 * default, or routes to nowhere.
 */
export interface SensitiveLoader {
  readonly kind: 'writes' | GateKind;
  /** What says so: a name (`isOrgAdmin`, `Users.bulkUpdate`) or the value type (`value SAMLSource | null`). */
  readonly evidence: string;
}

/** What a gate loader's value decides. */
export type GateKind = 'access' | 'identity' | 'membership' | 'tenancy' | 'billing' | 'routing';

/** Words that make a name a write: a fallback would hide a failed write (and swallow, say, a lock error). */
const WRITE_WORDS = new Set(['insert', 'update', 'upsert', 'delete', 'remove', 'destroy', 'create', 'save', 'write', 'persist', 'increment', 'decrement', 'mutate', 'mutation']);

/** Words of a name or a value type that say what a gate decides (a word the judgement reads as a whole word). */
const GATE_WORDS: Readonly<Record<GateKind, readonly string[]>> = {
  access: ['permission', 'permissions', 'authorize', 'authorized', 'authorization', 'authorizer', 'acl', 'acls', 'policy', 'policies', 'grant', 'grants', 'access', 'allowed', 'role', 'roles', 'admin', 'admins', 'privilege', 'privileges', 'visibility'],
  identity: ['auth', 'token', 'tokens', 'session', 'sessions', 'credential', 'credentials', 'saml', 'sso', 'oidc', 'oauth', 'openid', 'identity', 'identities', 'login', 'password', 'secret', 'secrets', 'jwt', 'verified', 'verify', 'verification', 'apikey', 'apikeys', 'mfa', 'totp'],
  membership: ['member', 'members', 'membership', 'memberships', 'invitation', 'invitations', 'invite', 'invites', 'leader', 'leaders', 'join', 'joins'],
  tenancy: ['tenant', 'tenants', 'domain', 'domains', 'subdomain', 'hostname'],
  billing: ['billing', 'tier', 'tiers', 'plan', 'plans', 'subscription', 'subscriptions', 'entitlement', 'entitlements', 'seat', 'seats', 'quota', 'quotas', 'license', 'licenses'],
  routing: ['routing', 'route', 'routes', 'region', 'shard', 'shards', 'discovery', 'issuer', 'jwks', 'redirect'],
};
/** Pairs of words that together name a gate: `api key`, `organization user` (a membership row), `org user`. */
const GATE_PAIRS: readonly (readonly [string, string, GateKind])[] = [
  ['api', 'key', 'identity'],
  ['api', 'keys', 'identity'],
  ['organization', 'user', 'membership'],
  ['organization', 'users', 'membership'],
  ['org', 'user', 'membership'],
  ['org', 'users', 'membership'],
  ['team', 'ids', 'membership'],
];
/** First words of a boolean predicate: `isOrgVerified`, `canEdit`, `hasAccess`. */
const PREDICATE_WORDS = new Set(['is', 'can', 'has', 'may', 'should']);
/** Words of a helper that builds a loader, not of the loader: `createRelationLoader` is a read named `relation`. */
const HELPER_WORDS = new Set(['create', 'make', 'build', 'get', 'new', 'loader', 'loaders', 'data', 'dataloader', 'batch', 'fn', 'factory']);
/** Last words of what a call makes rather than writes: `createOAuth2Manager(…)` reads nothing and writes nothing. */
const MADE_WORDS = new Set(['manager', 'client', 'loader', 'loaders', 'factory', 'builder', 'instance', 'context', 'map', 'set', 'key', 'id', 'ids', 'url', 'query', 'error']);

/**
 * Whether a loader writes or decides access, judged from names and the value type: its own name, what holds
 * its DataLoader or the factory that returns it (less the helper's words: `createRelationLoader` names a read
 * of relations), the value it loads (`boolean` from a predicate such as `isOrgAdmin`; `SAMLSource`,
 * `OrganizationUser`, `TierEnum`, …) and the calls its body makes (`Users.bulkUpdate`, `repo.save`, `Acl.check`). Such a
 * loader is wrapped `critical: true` (instrumented, its failures still propagate) and marked for review, never
 * silently made to degrade. Writes are looked for first.
 */
export function sensitiveLoader(ts: TypeScriptApi, checker: TypeChecker, target: CodemodTarget): SensitiveLoader | undefined {
  const names = loaderNames(ts, target);
  const bodies: Node[] = [...(target.declaration?.functionNode === undefined ? [] : [target.declaration.functionNode]), ...target.batchArguments];
  const writeName = names.find((name) => startsWithWrite(wordsOf(name)));
  if (writeName !== undefined) return { kind: 'writes', evidence: writeName };
  const writeCall = bodies.flatMap((body) => calledNames(ts, checker, body)).find(isWriteCall);
  if (writeCall !== undefined) return { kind: 'writes', evidence: writeCall };

  const valueType = valueTypeText(ts, checker, target);
  const calls = bodies.flatMap((body) => calledNames(ts, checker, body));
  for (const name of names) {
    const words = loaderWords(name);
    const gate = gateOf(words);
    if (gate !== undefined) return { kind: gate, evidence: name };
    if (PREDICATE_WORDS.has(words[0] ?? '') && valueType === 'boolean') return { kind: 'access', evidence: `${name}, a boolean predicate` };
  }
  if (valueType !== undefined) {
    const gate = gateOf(wordsOf(valueType));
    if (gate !== undefined) return { kind: gate, evidence: `value ${valueType}` };
  }
  for (const call of calls) {
    const gate = gateOf(wordsOf(call));
    if (gate !== undefined) return { kind: gate, evidence: call };
  }
  return undefined;
}

/** The loader's own name, what holds its DataLoader, and the name of the function that returns that DataLoader. */
function loaderNames(ts: TypeScriptApi, target: CodemodTarget): string[] {
  const names: string[] = [];
  if (target.declaration?.name !== undefined) names.push(target.declaration.name);
  for (const argument of target.batchArguments) {
    for (const name of [holderName(ts, argument), factoryName(ts, argument)]) if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The name of the function a DataLoader made from `argument` is returned by: `isOrgVerified` in
 * `export const isOrgVerified = (parent) => { return new DataLoader(async (orgIds) => …) }`, or
 * `createRelationLoader` for a method `createRelationLoader() { return new DataLoader(…) }`.
 */
function factoryName(ts: TypeScriptApi, argument: Expression): string | undefined {
  let current: Node = argument;
  while (ts.isExpression(current.parent) && !ts.isArrowFunction(current.parent) && !ts.isFunctionExpression(current.parent)) current = current.parent;
  const returned = ts.isReturnStatement(current.parent) ? ts.findAncestor(current.parent, ts.isFunctionLike) : ts.isArrowFunction(current.parent) && current.parent.body === current ? current.parent : undefined;
  if (returned === undefined) return undefined;
  if ((ts.isFunctionDeclaration(returned) || ts.isMethodDeclaration(returned)) && returned.name !== undefined) return staticNameText(ts, returned.name);
  return ts.isArrowFunction(returned) || ts.isFunctionExpression(returned) ? holderName(ts, returned) : undefined;
}

/** The value type the loader loads, as text: the DataLoader's `V`, or the element of what the batch function resolves to. */
function valueTypeText(ts: TypeScriptApi, checker: TypeChecker, target: CodemodTarget): string | undefined {
  const functions: Node[] = [...target.batchArguments, ...(target.declaration?.functionNode === undefined ? [] : [target.declaration.functionNode])];
  for (const fn of functions) {
    const construction = ts.isExpression(fn) ? dataLoaderConstruction(ts, fn) : undefined;
    const declared = construction?.typeArguments?.[1];
    if (declared !== undefined) return declared.getText().replace(/\s+/g, ' ');
    const [signature] = checker.getTypeAtLocation(fn).getCallSignatures();
    if (signature === undefined) continue;
    const resolved: Type | undefined = checker.getAwaitedType(signature.getReturnType());
    const element = resolved === undefined ? undefined : checker.getIndexTypeOfType(resolved, ts.IndexKind.Number);
    if (element !== undefined) return checker.typeToString(element);
  }
  return undefined;
}

function dataLoaderConstruction(ts: TypeScriptApi, argument: Expression): import('typescript').NewExpression | undefined {
  let current: Node = argument;
  while (ts.isExpression(current.parent) && skipOuterExpressions(ts, current.parent as Expression) !== current.parent) current = current.parent;
  return ts.isNewExpression(current.parent) && current.parent.arguments?.[0] === current ? current.parent : undefined;
}

function gateOf(words: readonly string[]): GateKind | undefined {
  for (const [kind, gateWords] of Object.entries(GATE_WORDS) as [GateKind, readonly string[]][]) {
    if (words.some((word) => gateWords.includes(word))) return kind;
  }
  for (const [first, second, kind] of GATE_PAIRS) {
    if (words.some((word, index) => word === first && words[index + 1] === second)) return kind;
  }
  return undefined;
}

/** A name's words without a loader helper's: `createRelationLoader` → relation. */
function loaderWords(name: string): string[] {
  const words = wordsOf(name);
  const own = words.filter((word) => !HELPER_WORDS.has(word));
  return own.length === 0 ? words : own;
}

/** `saveUsers`, `bulkUpdate`, `deleteFrom`: a write verb first (or after `bulk`), not a helper that makes a loader. */
function startsWithWrite(words: readonly string[]): boolean {
  const [first, second] = words[0] === 'bulk' ? words.slice(1) : words;
  if (first === undefined || !WRITE_WORDS.has(first)) return false;
  const last = words[words.length - 1] ?? '';
  return !HELPER_WORDS.has(second ?? '') && !HELPER_WORDS.has(last) && !MADE_WORDS.has(last);
}

/** Objects whose methods make or change values in memory, not upstream: `Object.create`, `cache.delete` is not among them. */
const BUILT_INS = new Set(['Object', 'Array', 'Promise', 'Map', 'Set', 'JSON', 'Reflect', 'Math', 'Date', 'String', 'Number']);

/** A call that writes: `Users.bulkUpdate`, `repo.save`, `db.insertInto`, `persistRows`; not `createOAuth2Manager`, `Object.create`. */
function isWriteCall(name: string): boolean {
  const dot = name.lastIndexOf('.');
  if (dot !== -1 && BUILT_INS.has(name.slice(0, dot))) return false;
  return startsWithWrite(wordsOf(name.slice(dot + 1)));
}

/** Types whose methods change memory, not an upstream: `cache.delete(key)`, `loader.clear(id)` write nothing. */
const IN_MEMORY_TYPES = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array', 'ReadonlyArray', 'DataLoader']);

/** `Users.bulkUpdate`, `check`, … for every call under `node`, but for methods of in-memory collections and caches. */
function calledNames(ts: TypeScriptApi, checker: TypeChecker, node: Node): string[] {
  const names: string[] = [];
  const visit = (current: Node): void => {
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      if (ts.isIdentifier(callee)) names.push(callee.text);
      else if (ts.isPropertyAccessExpression(callee) && !IN_MEMORY_TYPES.has(checker.getTypeAtLocation(callee.expression).getSymbol()?.getName() ?? '')) {
        const receiver = ts.isIdentifier(callee.expression) ? `${callee.expression.text}.` : ts.isPropertyAccessExpression(callee.expression) ? `${callee.expression.name.text}.` : '';
        const member = staticNameText(ts, callee.name);
        if (member !== undefined) names.push(`${receiver}${member}`);
      }
    }
  };
  walkDescendants(ts, node, visit);
  return names;
}

/** `Users.bulkUpdate` → users, bulk, update; `can_view_pins` → can, view, pins; `OAuth2Manager` → o, auth2… (digits split off). */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}
