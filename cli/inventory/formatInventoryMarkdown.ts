import type { Inventory, InventoryEntry } from './InventoryEntry.js';

/** What a value the source does not state shows as, in the table. */
const UNKNOWN = '?';

/**
 * A Markdown table, one row per field dependency (`critical` as yes/no, the tier, the decider's flag key or `none`,
 * `?` for what only the running code knows), then totals: the table a production-readiness review goes through with the owning teams.
 */
export function formatInventoryMarkdown(inventory: Inventory): string {
  const rows = inventory.entries.map((entry) =>
    [entry.field, entry.owner, critical(entry), entry.tier === undefined ? undefined : String(entry.tier), entry.type, entry.flagKey === false ? 'none' : entry.flagKey, `${entry.file}:${entry.line}`].map((cell) => `| ${escape(cell ?? UNKNOWN)} `).join('') + '|',
  );
  const owners = new Set(inventory.entries.flatMap((entry) => (entry.owner === undefined ? [] : [entry.owner]))).size;
  const unowned = inventory.entries.filter((entry) => entry.owner === undefined).length;
  const criticals = inventory.entries.filter((entry) => entry.critical === true).length;
  const count = inventory.entries.length;
  const unknown = unowned === 0 ? '' : `; ${unowned} with an owner known only at run time`;
  return [
    '| field | owner | critical | tier | type | flag key | location |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `${count} field ${count === 1 ? 'dependency' : 'dependencies'} (${criticals} critical), ${owners} ${owners === 1 ? 'owner' : 'owners'}${unknown}.`,
    '',
  ].join('\n');
}

function critical(entry: InventoryEntry): string | undefined {
  return entry.critical === undefined ? undefined : entry.critical ? 'yes' : 'no';
}

/** A table cell: `|` escaped, so a value cannot break the row; backslashes too, so the escape stays one. */
function escape(cell: string): string {
  return cell.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
