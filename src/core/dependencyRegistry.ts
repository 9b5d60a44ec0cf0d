import { isDeepStrictEqual } from 'node:util';
import { Dependency } from './Dependency.js';
import type { DependencyDeclaration } from './DependencyDeclaration.js';
import type { DefinitionSite } from './definitionSite.js';
import type { EmptyValues } from '../fallback/emptyValues.js';

const dependencies = new Map<string, Dependency>();
/** Per dependency, the sites already warned about for declaring it again with other options (`''` for a site the engine does not give). */
const warnedSites = new WeakMap<Dependency, Set<string>>();

/**
 * The dependency for `declaration`, created on first use. A field is identified by its name and
 * owner: a second loader declared with both (a class defined in a function, two copies of a module)
 * shares the first one's counters and breaker. If the two declarations disagree, a warning says so, once
 * per site of the later declaration (`site`, asked only then): a declaration made per request whose
 * options hold a new closure (`breaker.errorFilter`) or a computed `timeoutMs` warns once, not per request.
 */
export function dependencyFor(declaration: DependencyDeclaration, values: EmptyValues, site: () => DefinitionSite | undefined): Dependency {
  const key = `${declaration.owner}\u0000${declaration.field}`;
  const existing = dependencies.get(key);
  if (existing === undefined) {
    const created = new Dependency(declaration, values);
    dependencies.set(key, created);
    return created;
  }
  if (!sameDeclaration(existing, declaration)) warnDuplicate(existing, declaration, site());
  return existing;
}

function warnDuplicate(existing: Dependency, declaration: DependencyDeclaration, site: DefinitionSite | undefined): void {
  let warned = warnedSites.get(existing);
  if (warned === undefined) warnedSites.set(existing, (warned = new Set()));
  const siteKey = site?.key ?? '';
  if (warned.has(siteKey)) return;
  warned.add(siteKey);
  process.emitWarning(
    `field '${declaration.field}' (owner '${declaration.owner}') is declared twice with different options` +
      `${site === undefined ? '' : ` (again at ${site.location})`}; both share the first declaration's metrics and breaker ` +
      '(a declaration repeated per request keeps the first one\'s options). Give one of them its own `name`.',
    { code: 'FIELD_DEPENDENCY_DUPLICATE', type: 'FieldDependencyWarning' },
  );
}

/**
 * How declaring `declaration` again, at the site keyed `siteKey` (`undefined` when the warning would find
 * its site only then), resolves to `dependency`: with the `'same'` options, or with other options the site
 * was already `'warned'` about; `undefined` when it would warn.
 */
export function repeatOutcome(dependency: Dependency, declaration: DependencyDeclaration, siteKey: string | undefined): 'same' | 'warned' | undefined {
  if (sameDeclaration(dependency, declaration)) return 'same';
  return siteKey !== undefined && warnedSites.get(dependency)?.has(siteKey) === true ? 'warned' : undefined;
}

/** Every dependency declared so far, in declaration order. */
export function allDependencies(): readonly Dependency[] {
  return [...dependencies.values()];
}

/** The dependencies named `field` (of `owner`, when given). */
export function dependenciesNamed(field: string, owner?: string): Dependency[] {
  return allDependencies().filter((dependency) => dependency.field === field && (owner === undefined || dependency.owner === owner));
}

function sameDeclaration(a: DependencyDeclaration, b: DependencyDeclaration): boolean {
  return (
    a.critical === b.critical && a.tier === b.tier && a.type === b.type && a.timeoutMs === b.timeoutMs && a.decider === b.decider && isDeepStrictEqual(a.breaker, b.breaker) &&
    isDeepStrictEqual(a.concurrencyLimit, b.concurrencyLimit)
  );
}
