import type { Inventory } from './InventoryEntry.js';

/**
 * RFC 4180 CSV: a header, one record per field dependency, CRLF line ends; a value holding a comma, a quote
 * or a line break is quoted, its quotes doubled; an empty value where the source does not state one;
 * `flag_key` is `false` for a dependency declared with `decider: false`. A value a spreadsheet would run as a
 * formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a field named `=HYPERLINK(…)`) is
 * written as text, OWASP's rule against CSV injection: a single quote before it, and the whole value quoted.
 */
export function formatInventoryCsv(inventory: Inventory): string {
  const records = [
    ['field', 'owner', 'critical', 'tier', 'type', 'flag_key', 'file', 'line'],
    ...inventory.entries.map((entry) => [
      entry.field ?? '',
      entry.owner ?? '',
      entry.critical === undefined ? '' : String(entry.critical),
      entry.tier === undefined ? '' : String(entry.tier),
      entry.type ?? '',
      entry.flagKey === undefined ? '' : String(entry.flagKey),
      entry.file,
      String(entry.line),
    ]),
  ];
  return records.map((record) => `${record.map(csvCell).join(',')}\r\n`).join('');
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
