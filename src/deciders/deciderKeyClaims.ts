import type { Dependency } from '../core/Dependency.js';
import { deciderKey } from '../contract/deciderKey.js';
import { METRIC_NAMES } from '../contract/metricNames.js';

/** The dependency that first took each flag key. */
const claims = new Map<string, Dependency>();
/** The dependencies refused a flag key another dependency took first, with that other dependency. */
const refused = new WeakMap<Dependency, Dependency>();

/**
 * Takes `dependency`'s flag key, or refuses it when another dependency took it first and at least one of
 * the two has it by default: `field-dependency.<owner>.<field>` joins with dots, so owner `search.ranking`
 * with field `boost` and owner `search` with field `ranking.boost` get the same key, and switching it off
 * would switch off both. The second one is not gated by that key (it fails open, each read counted as a
 * decider error) and a warning names both and the `decider` option as the fix. Keys are not changed:
 * flags already committed to a flag source keep working. Dependencies that name one key with their
 * `decider` option share it on purpose (one switch for a group of fields).
 */
export function claimDeciderKey(dependency: Dependency): void {
  const key = dependency.decider;
  if (key === false) return;
  const first = claims.get(key);
  if (first === undefined) {
    claims.set(key, dependency);
    return;
  }
  if (first === dependency || refused.has(dependency) || (!hasDefaultKey(first) && !hasDefaultKey(dependency))) return;
  refused.set(dependency, first);
  process.emitWarning(
    `flag key '${key}' is the decider of field '${first.field}' (owner '${first.owner}') and of field '${dependency.field}' (owner '${dependency.owner}'): ` +
      `switching it would switch both. Field '${dependency.field}' (owner '${dependency.owner}') is not gated by it (it fails open, each read counted in ` +
      `${METRIC_NAMES.deciderErrors}): give one of them its own flag key with the \`decider\` option.`,
    { code: 'FIELD_DEPENDENCY_DECIDER_CLASH', type: 'FieldDependencyWarning' },
  );
}

/** The dependency whose flag key `dependency` was refused (see {@link claimDeciderKey}), if any. */
export function refusedDeciderKey(dependency: Dependency): Dependency | undefined {
  return refused.get(dependency);
}

function hasDefaultKey(dependency: Dependency): boolean {
  return dependency.decider === deciderKey(dependency.owner, dependency.field);
}
