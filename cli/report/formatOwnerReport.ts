import { escapeControlCharacters } from '../escapeControlCharacters.js';
import type { OwnerReport } from './OwnerReport.js';
import { REQUEST_PRIORITIES, SHEDDABLE_TIERS } from '../../src/contract/brownoutClasses.js';

/** Renders the report as an aligned table, worst owner first; control characters in label values shown as escapes (`\u001b`). */
export function formatOwnerTable(report: OwnerReport): string {
  const header = ['owner', 'calls/s', 'degraded', 'top reasons', 'open breakers', 'critical failures/s'];
  const rows = report.owners.map((row) => [
    row.owner,
    row.callsPerSecond.toFixed(2),
    row.degradedRatio === null ? '-' : `${(row.degradedRatio * 100).toFixed(1)}%`,
    row.topReasons.map(({ reason, perSecond }) => `${reason} ${perSecond.toFixed(2)}/s`).join(', ') || '-',
    row.openBreakers.join(', ') || '-',
    row.criticalFailuresPerSecond.toFixed(2),
  ]);
  // label values come from the scraped services: escaped before the widths are measured, so that they align as printed
  for (const row of rows) row.forEach((cell, index) => (row[index] = escapeControlCharacters(cell)));
  const rightAligned = new Set([1, 2, 5]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `Field dependencies by owner, over ${windowText(report.windowSeconds)}, from ${report.source}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...deciderLines(report),
    ...brownoutLines(report),
    ...shedLines(report),
  ]
    .map((text) => escapeControlCharacters(text))
    .join('\n');
}

/** The deciders below 100, after the table (nothing when every decider is at 100, or there is none). */
function deciderLines(report: OwnerReport): string[] {
  if (report.deciders.length === 0) return [];
  const names = report.deciders.map(({ owner, field }) => escapeControlCharacters(`${owner}/${field}`));
  const width = Math.max(...names.map((name) => name.length));
  return [
    'Deciders below 100 (the other calls answer with the fallback, reason disabled):',
    ...report.deciders.map(({ percent }, index) => `  ${(names[index] ?? '').padEnd(width)}  ${Number(percent.toFixed(2))}%${percent === 0 ? ' (switched off)' : ''}`),
    '',
  ];
}

/**
 * The brownout in force, after the deciders: its level and the classes it sheds from (nothing when the services
 * publish no brownout; one line when it is at full service).
 */
function brownoutLines(report: OwnerReport): string[] {
  const { brownout } = report;
  if (brownout === null) return [];
  if (brownout.classes.length === 0) return ['Brownout: full service (level 0).', ''];
  const classes = brownout.classes.map(({ tier, priority }) => escapeControlCharacters(`tier ${tier}, ${priority} priority`));
  const width = Math.max(...classes.map((text) => text.length));
  return [
    `Brownout in force: level ${Number(brownout.level.toFixed(2))} of ${CLASS_COUNT} (classes of optional calls shed; the lowest share admitted among the instances):`,
    ...brownout.classes.map(({ admitted }, index) => `  ${(classes[index] ?? '').padEnd(width)}  ${percent(admitted).padStart(6)} admitted`),
    '',
  ];
}

/** The fields the brownout shed calls of, most shed first (nothing when none was shed). */
function shedLines(report: OwnerReport): string[] {
  if (report.shed.length === 0) return [];
  const names = report.shed.map(({ owner, field }) => escapeControlCharacters(`${owner}/${field}`));
  const rates = report.shed.map(({ perSecond }) => `${perSecond.toFixed(2)}/s`);
  const width = Math.max(...names.map((name) => name.length));
  const rateWidth = Math.max(...rates.map((rate) => rate.length));
  return [
    "Shed by the brownout (the fallback at once, the upstream not called: not counted against the owner's degraded %):",
    ...report.shed.map(({ share }, index) =>
      `  ${(names[index] ?? '').padEnd(width)}  ${(rates[index] ?? '').padStart(rateWidth)}  ${share === null ? '-' : `${percent(share)} of its calls`}`,
    ),
    '',
  ];
}

/** Every class the brownout may shed: each sheddable tier under each request priority. */
const CLASS_COUNT = SHEDDABLE_TIERS.length * REQUEST_PRIORITIES.length;

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Renders the report as JSON: `{ source, windowSeconds, owners: OwnerRow[], deciders: DeciderRow[], shed: ShedRow[],
 * brownout: { level, classes } | null }`.
 */
export function formatOwnerJson(report: OwnerReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The `report --format` values, each with its renderer. */
export const OWNER_REPORT_FORMATS = {
  text: formatOwnerTable,
  json: formatOwnerJson,
} as const satisfies Record<string, (report: OwnerReport) => string>;

/** A `report --format` value. */
export type OwnerReportFormat = keyof typeof OWNER_REPORT_FORMATS;

function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `the last ${seconds / 60}m` : `${Number(seconds.toFixed(3))}s`;
}
