import type { Signature, SourceFile } from 'typescript';
import { skipOuterExpressions, type AnalysisContext, type TextEdit, type WrapperReference } from '../../detection/index.js';
import { chooseWrapSite, type WrapSiteConstraints } from './chooseWrapSite.js';
import type { CodemodTarget } from './CodemodTarget.js';
import { inferFallbackType, type TypeContext } from './inferFallbackType.js';
import { declaredValueTypes } from '../fallbacks/declaredValueTypes.js';
import type { FitContext } from '../fallbacks/FitContext.js';
import { evictionEdits, needsEviction } from './longLivedEviction.js';
import { resolveOwner, type OwnerSources } from './resolveOwner.js';
import { reviewCommentEdit, reviewMessage } from './reviewComment.js';
import { sensitiveLoader } from './sensitiveLoader.js';
import { scopeName } from './scopeName.js';
import { siteWraps } from './siteWraps.js';
import type { WrapSite } from './WrapSite.js';

/** What planning a wrap needs besides the loader. */
export interface WrapPlanning {
  readonly context: AnalysisContext;
  readonly typeContext: TypeContext;
  /** The types as `strictNullChecks: true` sees them, which fallbacks are judged by. */
  readonly fallbackContext: FitContext;
  readonly owners: OwnerSources;
  readonly constraints: WrapSiteConstraints;
  /** How a file names `fieldDependency` (the same answer for every loader of the file, so its import is added once). */
  readonly wrapperFor: (file: SourceFile) => WrapperReference;
  /**
   * Takes a field name for `owner`: `name` when no other dependency of that owner has it, else `name` qualified
   * by `scope` (and numbered, if need be), so no two dependencies share a (field, owner) pair.
   */
  readonly claimName: (owner: string, name: string, scope: () => string) => string;
  /** How a file names `evictDegradedKeys` (its import is added once per file, by the caller). */
  readonly evictorFor: (file: SourceFile) => string;
}

/** A wrapped loader kept critical for a person to review: where the review comment goes, and why. */
export interface WrapReview {
  readonly file: SourceFile;
  /** Where the comment is inserted, in the original file. */
  readonly offset: number;
  readonly message: string;
}

/**
 * One loader's wrapper: the edits to make in each file (the imports aside) and, for a loader that writes or
 * decides access, its review comments; or why it cannot be wrapped.
 */
export type WrapPlan =
  | { readonly edits: ReadonlyMap<SourceFile, readonly TextEdit[]>; readonly reviews: readonly WrapReview[] }
  | { readonly problem: string };

/**
 * Plans the wrapper of one loader: where it goes, its `type` (from the value type its DataLoaders declare and
 * the signature of what is wrapped there), its `owner` (from the file it goes in), and always a `name`: the one
 * the runtime derives for it by the naming rule (method, function or holder name), or, where only the owner would
 * name it, the enclosing class or function's; qualified where that field name is taken for the owner. A loader
 * that writes or decides access is wrapped `critical: true` under a review comment, never made to degrade
 * silently. A long-lived DataLoader that reaches it indirectly gets `evictDegradedKeys(…)` around its batch
 * function. Every reason it cannot be wrapped is given, joined.
 */
export function planWrap(planning: WrapPlanning, target: CodemodTarget): WrapPlan {
  const { context, typeContext, owners, constraints, wrapperFor } = planning;
  const choice = chooseWrapSite(typeContext, target, constraints);
  if ('problem' in choice) return choice;
  const wraps = siteWraps(context, target, choice.site);
  const { fallbackContext } = planning;
  const signature = signatureOf(fallbackContext, choice.site);
  const inference =
    signature === undefined
      ? { problem: 'its type is not a function with one signature' }
      : inferFallbackType(fallbackContext, signature, target.kind, declaredValueTypes(fallbackContext, target.batchArguments));
  const owner = resolveOwner(owners, (wraps[0]?.file ?? target.key.getSourceFile()).fileName);
  if ('problem' in inference || 'problem' in owner) {
    return { problem: [inference, owner].flatMap((result) => ('problem' in result ? [result.problem] : [])).join('; ') };
  }
  const sensitive = sensitiveLoader(typeContext.ts, typeContext.checker, target);
  const critical = sensitive === undefined ? '' : ', critical: true';
  const reviews: WrapReview[] = [];
  const edits = new Map<SourceFile, TextEdit[]>();
  // One loader wrapped at several use sites is one dependency: each name it wants is claimed once.
  const claimed = new Map<string, string>();
  for (const wrap of wraps) {
    const wanted = wrap.derivedName ?? scopeName(typeContext.ts, wrap.anchor, '');
    const field = claimed.get(wanted) ?? planning.claimName(owner.owner, wanted, () => scopeName(typeContext.ts, wrap.anchor, wanted));
    claimed.set(wanted, field);
    // Always written: renaming a variable later must not move the field's metric series or flag key.
    const name = `, name: ${quoted(field)}`;
    const made = wrap.edits(wrapperFor(wrap.file), `${inference.type}, { owner: ${quoted(owner.owner)}${name}${critical} }`);
    edits.set(wrap.file, [...(edits.get(wrap.file) ?? []), ...made]);
    if (sensitive !== undefined) {
      const message = reviewMessage(sensitive);
      const comment = reviewCommentEdit(typeContext.ts, wrap.file, wrap.anchor, message);
      edits.set(wrap.file, [...(edits.get(wrap.file) ?? []), comment]);
      reviews.push({ file: wrap.file, offset: comment.start, message });
    }
  }
  // Wrapped at its declaration and reached through a forwarding arrow or `.bind` by a long-lived DataLoader:
  // that DataLoader's batch function clears degraded keys itself.
  const site = choice.site;
  if (site.kind !== 'use-sites') {
    const wrapped = site.kind === 'expression' || site.kind === 'function-declaration' ? site.fn : site.method;
    for (const argument of target.batchArguments) {
      if (skipOuterExpressions(typeContext.ts, argument) === wrapped || !needsEviction(typeContext.ts, argument)) continue;
      const file = argument.getSourceFile();
      edits.set(file, [...(edits.get(file) ?? []), ...evictionEdits(file, argument, planning.evictorFor(file))]);
    }
  }
  return { edits, reviews };
}

/** The signature whose return type `type` must fit: the wrapped function's own, or, at use sites, the argument's. */
function signatureOf(context: FitContext, site: WrapSite): Signature | undefined {
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
