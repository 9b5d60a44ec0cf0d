import type { Inventory } from './InventoryEntry.js';

/**
 * `{ tsconfig, fieldDependencies: [{ field, owner, critical, tier, type, flagKey, file, line }] }`, `null` for what the
 * source does not state; `flagKey` is `false` for a dependency declared with `decider: false`.
 */
export function formatInventoryJson(inventory: Inventory): string {
  const fieldDependencies = inventory.entries.map((entry) => ({
    field: entry.field ?? null,
    owner: entry.owner ?? null,
    critical: entry.critical ?? null,
    tier: entry.tier ?? null,
    type: entry.type ?? null,
    flagKey: entry.flagKey ?? null,
    file: entry.file,
    line: entry.line,
  }));
  return `${JSON.stringify({ tsconfig: inventory.tsconfig, fieldDependencies }, null, 2)}\n`;
}
