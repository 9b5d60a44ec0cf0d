import type { Signature, SourceFile } from 'typescript';
import type { AnalysisContext, TextEdit, WrapperReference } from '../../detection/index.js';
import { chooseWrapSite, type WrapSiteConstraints } from './chooseWrapSite.js';
import type { CodemodTarget } from './CodemodTarget.js';
import { inferFallbackType, type TypeContext } from './inferFallbackType.js';
import { resolveOwner, type OwnerSources } from './resolveOwner.js';
import { siteWraps } from './siteWraps.js';
import type { WrapSite } from './WrapSite.js';

/** What planning a wrap needs besides the loader. */
export interface WrapPlanning {
  readonly context: AnalysisContext;
  readonly typeContext: TypeContext;
  readonly owners: OwnerSources;
  readonly constraints: WrapSiteConstraints;
  /** How a file names `fieldDependency` (the same answer for every loader of the file, so its import is added once). */
  readonly wrapperFor: (file: SourceFile) => WrapperReference;
}

/** One loader's wrapper: the edits to make in each file (the imports aside), or why it cannot be wrapped. */
export type WrapPlan = { readonly edits: ReadonlyMap<SourceFile, readonly TextEdit[]> } | { readonly problem: string };

/**
 * Plans the wrapper of one loader: where it goes, its `type` (inferred from the signature of what is
 * wrapped there) and its `owner` (from the file it goes in), and a `name` where the runtime would otherwise
 * name the field after its owner. Every reason it cannot be wrapped is given, joined.
 */
export function planWrap(planning: WrapPlanning, target: CodemodTarget): WrapPlan {
  const { context, typeContext, owners, constraints, wrapperFor } = planning;
  const choice = chooseWrapSite(typeContext, target, constraints);
  if ('problem' in choice) return choice;
  const wraps = siteWraps(context, target, choice.site);
  const signature = signatureOf(typeContext, choice.site);
  const inference = signature === undefined ? { problem: 'its type is not a function with one signature' } : inferFallbackType(typeContext, signature, target.kind);
  const owner = resolveOwner(owners, (wraps[0]?.file ?? target.key.getSourceFile()).fileName);
  if ('problem' in inference || 'problem' in owner) {
    return { problem: [inference, owner].flatMap((result) => ('problem' in result ? [result.problem] : [])).join('; ') };
  }
  const edits = new Map<SourceFile, TextEdit[]>();
  for (const wrap of wraps) {
    const name = wrap.fieldName === undefined ? '' : `, name: ${quoted(wrap.fieldName)}`;
    const made = wrap.edits(wrapperFor(wrap.file), `${inference.type}, { owner: ${quoted(owner.owner)}${name} }`);
    edits.set(wrap.file, [...(edits.get(wrap.file) ?? []), ...made]);
  }
  return { edits };
}

/** The signature whose return type `type` must fit: the wrapped function's own, or, at use sites, the argument's. */
function signatureOf(context: TypeContext, site: WrapSite): Signature | undefined {
  const { checker } = context;
  switch (site.kind) {
    case 'decorator':
    case 'object-method':
      return checker.getSignatureFromDeclaration(site.method);
    case 'expression':
    case 'function-declaration':
      return checker.getSignatureFromDeclaration(site.fn);
    case 'use-sites': {
      const [first] = site.arguments;
      const signatures = first === undefined ? [] : checker.getTypeAtLocation(first).getCallSignatures();
      return signatures.length === 1 ? signatures[0] : undefined;
    }
  }
}

function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
