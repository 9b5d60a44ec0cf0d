import { formatInventoryCsv } from './formatInventoryCsv.js';
import { formatInventoryJson } from './formatInventoryJson.js';
import { formatInventoryMarkdown } from './formatInventoryMarkdown.js';
import type { Inventory } from './InventoryEntry.js';

/** The `--format` values `inventory` accepts, each with its formatter. */
export const INVENTORY_FORMATS = {
  md: formatInventoryMarkdown,
  json: formatInventoryJson,
  csv: formatInventoryCsv,
} as const satisfies Record<string, (inventory: Inventory) => string>;

/** An `inventory --format` value. */
export type InventoryFormat = keyof typeof INVENTORY_FORMATS;
