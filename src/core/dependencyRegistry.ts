import { isDeepStrictEqual } from 'node:util';
import { Dependency } from './Dependency.js';
import type { DependencyDeclaration } from './DependencyDeclaration.js';
import type { EmptyValues } from '../fallback/emptyValues.js';

const dependencies = new Map<string, Dependency>();

/**
 * The dependency for `declaration`, created on first use. A field is identified by its name and
 * owner: a second loader declared with both (a class defined in a function, two copies of a module)
 * shares the first one's counters and breaker. If the two declarations disagree, a warning says so.
 */
export function dependencyFor(declaration: DependencyDeclaration, values: EmptyValues): Dependency {
  const key = `${declaration.owner}\u0000${declaration.field}`;
  const existing = dependencies.get(key);
  if (existing === undefined) {
    const created = new Dependency(declaration, values);
    dependencies.set(key, created);
    return created;
  }
  if (!sameDeclaration(existing, declaration)) {
    process.emitWarning(
      `field '${declaration.field}' (owner '${declaration.owner}') is declared twice with different options; ` +
        'both share the first declaration\'s metrics and breaker. Give one of them its own `name`.',
      { code: 'FIELD_DEPENDENCY_DUPLICATE', type: 'FieldDependencyWarning' },
    );
  }
  return existing;
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
    a.critical === b.critical && a.type === b.type && a.timeoutMs === b.timeoutMs && a.decider === b.decider && isDeepStrictEqual(a.breaker, b.breaker)
  );
}
