import path from 'node:path';
import type { CallExpression, Expression, ObjectLiteralExpression } from 'typescript';
import {
  appliedFieldDependencies,
  createAnalysisContext,
  holderOf,
  initializerOf,
  runtimeFunctionName,
  skipOuterExpressions,
  staticNameText,
  stringLiteralText,
  symbolAt,
  targetDeclaration,
  type AnalysisContext,
  type AppliedFieldDependency,
} from '../../detection/index.js';
import { fieldNameOf } from '../../src/core/fieldNameRule.js';
import { DEPENDENCY_TIERS, type DependencyTier } from '../../src/contract/brownoutClasses.js';
import { deciderKey } from '../../src/contract/deciderKey.js';
import type { LoadedProject } from '../check/loadProject.js';
import type { Inventory, InventoryEntry } from './InventoryEntry.js';

/** The options an inventory shows, as far as the source states them. */
interface StatedOptions {
  readonly owner: string | undefined;
  readonly critical: boolean | undefined;
  readonly tier: DependencyTier | undefined;
  /** `null` when the options certainly have no `name`; `undefined` when it cannot be known. */
  readonly name: string | null | undefined;
  /** `null` when the options certainly have no `decider` (the default key applies); `undefined` when it cannot be known. */
  readonly decider: string | false | null | undefined;
}

/**
 * Every field dependency declared in the project's own files: methods decorated with `fieldDependency` and
 * functions wrapped by it, as detection recognises them (aliases, namespaces, re-exports and decorator
 * constants followed), with the field name the runtime gives each one.
 */
export function collectInventory(project: LoadedProject, cwd: string): Inventory {
  const context = createAnalysisContext(project.ts, project.program);
  const relative = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const entries: InventoryEntry[] = [];
  for (const file of project.sourceFiles) {
    for (const applied of appliedFieldDependencies(context, file)) {
      const at = applied.kind === 'decorator' ? applied.applied : applied.call;
      const options = statedOptions(context, applied.declaration);
      const [type] = applied.declaration?.arguments ?? [];
      const field = fieldName(context, applied, options);
      entries.push({
        field,
        owner: options.owner,
        critical: options.critical,
        tier: options.tier,
        type: type === undefined ? undefined : type.getText().replace(/\s+/g, ' '),
        flagKey: options.decider === null ? (options.owner === undefined || field === undefined ? undefined : deciderKey(options.owner, field)) : options.decider,
        file: relative(file.fileName),
        line: file.getLineAndCharacterOfPosition(at.getStart(file)).line + 1,
      });
    }
  }
  entries.sort(
    (a, b) => compare(a.owner, b.owner) || compare(a.field, b.field) || compare(a.file, b.file) || a.line - b.line,
  );
  return { tsconfig: relative(project.tsconfigPath), entries };
}

/**
 * The field name the runtime gives, by the naming rule both share: `name`, else the method's or the wrapped
 * function's name, else what holds the wrapper (variable, property, class field, `this.x =`), else the owner.
 * `undefined` when the source does not tell (a `name` or owner built at run time, a function made by a call).
 */
function fieldName(context: AnalysisContext, applied: AppliedFieldDependency, options: StatedOptions): string | undefined {
  const { ts } = context;
  if (options.name !== null) return options.name;
  if (applied.kind === 'decorator') return staticNameText(ts, applied.method.name);
  const loader = skipOuterExpressions(ts, applied.loader);
  const anonymous = ts.isArrowFunction(loader) || (ts.isFunctionExpression(loader) && loader.name === undefined);
  const functionName = anonymous ? '' : runtimeFunctionName(context, loader);
  if (functionName === undefined) return undefined;
  return fieldNameOf({ functionName, holder: holderOf(ts, applied.call), owner: options.owner ?? '' }) || undefined;
}

/** What the source states about one option: nothing (so the default applies), a literal value, or something only known at run time. */
type Stated = { readonly kind: 'absent' } | { readonly kind: 'value'; readonly value: string | boolean | number } | { readonly kind: 'unknown' };

/**
 * `critical` and `tier` as the runtime reads them: each as stated; `critical` omitted means `true` for tier 0
 * or 1, else `false`; `tier` omitted means 1 when critical, else 2. `undefined` where it depends on what only
 * the running code knows (or on a value the runtime refuses, such as `tier: 5`).
 */
function criticalAndTier(statedCritical: Stated, statedTier: Stated): Pick<StatedOptions, 'critical' | 'tier'> {
  const tier =
    statedTier.kind === 'value' ? DEPENDENCY_TIERS.find((candidate) => candidate === statedTier.value) : undefined;
  const critical =
    statedCritical.kind === 'value'
      ? typeof statedCritical.value === 'boolean' ? statedCritical.value : undefined
      : statedCritical.kind === 'unknown' || statedTier.kind === 'unknown' || (statedTier.kind === 'value' && tier === undefined)
        ? undefined
        : statedTier.kind === 'value' && tier !== undefined && tier <= 1;
  if (statedTier.kind !== 'absent') return { critical, tier };
  return { critical, tier: critical === undefined ? undefined : critical ? 1 : 2 };
}

function statedOptions(context: AnalysisContext, declaration: CallExpression | undefined): StatedOptions {
  const { ts } = context;
  const literal = declaration?.arguments[1] === undefined ? undefined : objectLiteral(context, declaration.arguments[1]);
  if (literal === undefined) return { owner: undefined, critical: undefined, tier: undefined, name: undefined, decider: undefined };
  const spread = literal.properties.some((property) => ts.isSpreadAssignment(property));
  const read = (key: string): Stated => {
    const property = literal.properties.find((candidate) => !ts.isSpreadAssignment(candidate) && staticNameText(ts, candidate.name) === key);
    if (property === undefined) return spread ? { kind: 'unknown' } : { kind: 'absent' };
    const written = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    const value = written === undefined ? undefined : literalValue(context, written);
    return value === undefined ? { kind: 'unknown' } : { kind: 'value', value };
  };
  const owner = read('owner');
  const name = read('name');
  const decider = read('decider');
  const { critical, tier } = criticalAndTier(read('critical'), read('tier'));
  return {
    owner: owner.kind === 'value' && typeof owner.value === 'string' ? owner.value : undefined,
    critical,
    tier,
    name: name.kind === 'absent' ? null : name.kind === 'value' && typeof name.value === 'string' ? name.value : undefined,
    decider: decider.kind === 'absent' ? null : decider.kind === 'value' && (typeof decider.value === 'string' || decider.value === false) ? decider.value : undefined,
  };
}

/** The object literal an options argument is, or the one a constant it names was initialised with. */
function objectLiteral(context: AnalysisContext, expression: Expression, depth = 0): ObjectLiteralExpression | undefined {
  const { ts } = context;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (!ts.isIdentifier(node) || depth > 4) return undefined;
  const initializer = constantInitializer(context, node);
  return initializer === undefined ? undefined : objectLiteral(context, initializer, depth + 1);
}

/** A string, number or boolean literal, directly or through a constant. */
function literalValue(context: AnalysisContext, expression: Expression, depth = 0): string | boolean | number | undefined {
  const { ts } = context;
  const node = skipOuterExpressions(ts, expression);
  const text = stringLiteralText(ts, node);
  if (text !== undefined) return text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (!ts.isIdentifier(node) || depth > 4) return undefined;
  const initializer = constantInitializer(context, node);
  return initializer === undefined ? undefined : literalValue(context, initializer, depth + 1);
}

function constantInitializer(context: AnalysisContext, identifier: Expression): Expression | undefined {
  const { ts } = context;
  const symbol = symbolAt(context, identifier);
  const declaration = symbol === undefined ? undefined : targetDeclaration(context, symbol);
  if (declaration === undefined || !ts.isVariableDeclaration(declaration)) return undefined;
  const constant = ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
  return constant ? initializerOf(context, declaration) : undefined;
}

/** Case-insensitive, then code-point order, `undefined` last: the same on every machine, whatever its locale. */
function compare(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [lowerA, lowerB] = [a.toLowerCase(), b.toLowerCase()];
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : 1;
}
