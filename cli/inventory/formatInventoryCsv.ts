import type { Inventory } from './InventoryEntry.js';

/**
 * RFC 4180 CSV: a header, one record per field dependency, CRLF line ends; a value holding a comma, a quote
 * or a line break is quoted, its quotes doubled; an empty value where the source does not state one;
 * `flag_key` is `false` for a dependency declared with `decider: false`.
 */
export function formatInventoryCsv(inventory: Inventory): string {
  const records = [
    ['field', 'owner', 'critical', 'type', 'flag_key', 'file', 'line'],
    ...inventory.entries.map((entry) => [
      entry.field ?? '',
      entry.owner ?? '',
      entry.critical === undefined ? '' : String(entry.critical),
      entry.type ?? '',
      entry.flagKey === undefined ? '' : String(entry.flagKey),
      entry.file,
      String(entry.line),
    ]),
  ];
  return records.map((record) => `${record.map(quote).join(',')}\r\n`).join('');
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
