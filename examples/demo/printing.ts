import type { Degradation } from 'field-dependency';
import type { OwnerRow } from './ownerTable.js';
import { PINS_PER_PAGE, type PinPage } from './pinPage.js';
import type { Upstreams } from './upstreams.js';

/** Prints the title line of a phase. */
export function printPhase(number: number, title: string, note: string | undefined): void {
  console.log(`\n== ${number}. ${title} ${'='.repeat(Math.max(3, 72 - title.length))}`);
  if (note !== undefined) console.log(`   ${note}`);
}

/** Prints one page: its status, how many pins got each field's data, and what degraded. */
export function printPage(page: PinPage): void {
  const request = `GET ${page.path}`.padEnd(16);
  if (page.status === 503) {
    const { error } = page;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    console.log(`  ${request}  503  ${error.name} ${error.code} (field ${error.field}, owner ${error.owner}, reason ${error.reason})${cause}`);
    return;
  }
  const { shopping, comments, boards } = page.filled;
  const filled = `shopping ${shopping}/${PINS_PER_PAGE}  comments ${comments}/${PINS_PER_PAGE}  boards ${boards}/${PINS_PER_PAGE}`;
  const degraded =
    page.degradedFields === undefined
      ? 'nothing degraded'
      : `x-degraded-fields: ${page.degradedFields}  degraded: ${describeDegradations(page.degradations)}`;
  console.log(`  ${request}  200  ${filled}  ${degraded}`);
}

/** Prints what the upstreams saw: requests received, and the ones the client cancelled. */
export function printUpstreams(upstreams: Upstreams): void {
  const seen = Object.values(upstreams).map(({ name, requests, cancelled }) =>
    cancelled === 0 ? `${name} ${requests}` : `${name} ${requests} (${cancelled} cancelled by timeoutMs)`,
  );
  console.log(`  upstream requests: ${seen.join(', ')}`);
}

/** Prints the per-owner table computed from the metrics registry. */
export function printOwnerTable(rows: readonly OwnerRow[]): void {
  const table = [
    ['owner', 'calls', 'degraded', 'failed', 'reasons', 'breaker'],
    ...rows.map(({ owner, calls, degraded, failed, reasons, breaker }) => [
      owner,
      String(calls),
      percent(degraded, calls),
      String(failed),
      reasons.map(([reason, count]) => `${reason} ${count}`).join(', ') || '-',
      breaker ?? '-',
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
  const numeric = new Set([1, 2, 3]);
  console.log('  metrics by owner (from the prom-client registry):');
  for (const cells of table) {
    const line = cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)));
    console.log(`    ${line.join('  ').trimEnd()}`);
  }
}

function describeDegradations(degradations: readonly Degradation[]): string {
  return degradations.map(({ field, owner, reason }) => `${field} (owner ${owner}, ${reason})`).join(', ');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}
