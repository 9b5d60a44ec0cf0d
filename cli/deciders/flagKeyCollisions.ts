import { deciderKey } from '../../src/contract/deciderKey.js';
import type { InventoryEntry } from '../inventory/InventoryEntry.js';

/** Two dependencies that would read the same decider flag. */
export interface FlagKeyCollision {
  readonly key: string;
  readonly first: InventoryEntry;
  readonly second: InventoryEntry;
}

/**
 * The flag keys two different dependencies (owner and field) would share where at least one of them has
 * it by default: `field-dependency.<owner>.<field>` joins with dots, so owner `search.ranking` with field
 * `boost` and owner `search` with field `ranking.boost` get the same key. The runtime refuses the key to
 * the second one (see docs/deciders.md); `deciders` refuses to print such definitions. A key that several
 * dependencies name with their `decider` option is shared on purpose and is no collision.
 */
export function flagKeyCollisions(entries: readonly InventoryEntry[]): FlagKeyCollision[] {
  const firstByKey = new Map<string, InventoryEntry>();
  const collisions: FlagKeyCollision[] = [];
  for (const entry of entries) {
    if (typeof entry.flagKey !== 'string') continue;
    const first = firstByKey.get(entry.flagKey);
    if (first === undefined) {
      firstByKey.set(entry.flagKey, entry);
      continue;
    }
    const sameDependency = first.owner === entry.owner && first.field === entry.field;
    if (sameDependency || !(hasDefaultKey(first) || hasDefaultKey(entry))) continue;
    const [earlier, later] = declaredBefore(entry, first) ? [entry, first] : [first, entry];
    collisions.push({ key: entry.flagKey, first: earlier, second: later });
  }
  return collisions;
}

/** The message `deciders` prints for a collision (the two dependencies in the order they are declared). */
export function describeFlagKeyCollision({ key, first, second }: FlagKeyCollision): string {
  return (
    `flag key '${key}' is the decider of two dependencies: ${describeEntry(first)} and ${describeEntry(second)}; ` +
    'switching it would switch both: give one of them its own flag key with the `decider` option'
  );
}

function describeEntry(entry: InventoryEntry): string {
  return `'${entry.field}' (owner '${entry.owner}', ${entry.file}:${entry.line})`;
}

function declaredBefore(a: InventoryEntry, b: InventoryEntry): boolean {
  return a.file < b.file || (a.file === b.file && a.line < b.line);
}

function hasDefaultKey(entry: InventoryEntry): boolean {
  return entry.owner !== undefined && entry.field !== undefined && entry.flagKey === deciderKey(entry.owner, entry.field);
}
