import type { DefinitionSite } from './definitionSite.js';

/** Which definition site first took each field of each owner. */
const claims = new Map<string, DefinitionSite>();

/**
 * The field name a loader declared at `site` gets (docs/declaring.md, "Names and identity"). The first site to use a
 * field of an owner keeps it, and that site declaring it again (a factory called per request, a class
 * defined in a function) gets it again: the same dependency. Another site whose name was derived (method,
 * function or variable name) is a true clash: it gets its own field, `field@file:line`, and a warning
 * names both sites and the `name` option. An explicit `name` is not claimed: loaders that give the
 * same `name` and owner share one dependency on purpose.
 */
export function claimField(owner: string, field: string, site: DefinitionSite | undefined): string {
  if (site === undefined) return field;
  const key = `${owner}\u0000${field}`;
  const first = claims.get(key);
  if (first === undefined) {
    claims.set(key, site);
    return field;
  }
  if (first.key === site.key) return field;
  const own = `${field}@${site.shortLocation}`;
  const ownKey = `${owner}\u0000${own}`;
  if (!claims.has(ownKey)) {
    claims.set(ownKey, site);
    warnClash(owner, field, first, site, `the second is counted as '${own}', with its own breaker; give each its own \`name\` option to choose their names`);
  }
  return own;
}

function warnClash(owner: string, field: string, first: DefinitionSite, second: DefinitionSite, outcome: string): void {
  process.emitWarning(`field '${field}' (owner '${owner}') is declared at two places: ${first.location} and ${second.location}; ${outcome}.`, {
    code: 'FIELD_DEPENDENCY_NAME_CLASH',
    type: 'FieldDependencyWarning',
  });
}
