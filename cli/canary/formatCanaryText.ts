import { escapeControlCharacters } from '../escapeControlCharacters.js';
import { CANARY_SIGNALS } from './canarySignals.js';
import type { CanaryJudgement, MetricJudgement } from './CanaryJudgement.js';
import { formatScore } from './scoreCanary.js';

/**
 * The judgement as text: the verdict and why, then one block per owner, worst first: the owner's score
 * and verdict, its owner-wide metrics, and those of its fields that did not pass, each with the medians,
 * the ratio of means, the p-value and the 95% interval of the shift behind its classification. Control
 * characters in label values are shown as escapes (`\u001b`), never sent to the terminal.
 */
export function formatCanaryText(judgement: CanaryJudgement): string {
  const { window, thresholds } = judgement;
  const lines = [
    `canary ${judgement.canary} vs baseline ${judgement.baseline} on ${judgement.prometheus}, ${window.start} to ${window.end}, step ${window.stepSeconds}s`,
    `verdict ${judgement.verdict.toUpperCase()}  score ${judgement.score === null ? '-' : formatScore(judgement.score)} (pass ≥ ${thresholds.pass}, marginal ≥ ${thresholds.marginal}): ${judgement.reason}`,
    '',
  ];
  const rows: string[][] = [['', 'signal', 'field', 'canary', 'baseline', 'ratio', 'p-value', 'shift (95% interval)']];
  for (const owner of judgement.owners) {
    rows.push([`${owner.owner}  ${owner.score === null ? '-' : formatScore(owner.score)}  ${owner.verdict}`]);
    for (const metric of owner.metrics) {
      if (metric.field !== null && metric.classification === 'pass') continue;
      rows.push([`  ${metric.classification}`, title(metric), metric.field ?? '(all)', median(metric, 'canary'), median(metric, 'baseline'), ratio(metric), pValue(metric), shift(metric)]);
    }
  }
  // label values come from the scraped services: escaped before the widths are measured, so that they align as printed
  for (const row of rows) row.forEach((cell, index) => (row[index] = escapeControlCharacters(cell)));
  const widths = rows.reduce<number[]>((max, row) => (row.length === 1 ? max : row.map((cell, index) => Math.max(max[index] ?? 0, cell.length))), []);
  for (const row of rows) lines.push(row.length === 1 ? (row[0] as string) : row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd());
  const notes = judgement.owners.flatMap((owner) => owner.metrics.filter((metric) => metric.classification !== 'pass' && metric.classification !== 'low'));
  if (notes.length > 0) {
    lines.push('', 'why:');
    for (const metric of notes) lines.push(`  ${metric.owner}${metric.field === null ? '' : `/${metric.field}`} ${title(metric)}: ${metric.classification}, ${metric.reason}`);
  }
  return `${lines.map((line) => escapeControlCharacters(line)).join('\n')}\n`;
}

function title(metric: MetricJudgement): string {
  return CANARY_SIGNALS.find((signal) => signal.name === metric.signal)?.title ?? metric.signal;
}

function unitOf(metric: MetricJudgement): 'ratio' | 'seconds' {
  return CANARY_SIGNALS.find((signal) => signal.name === metric.signal)?.unit ?? 'ratio';
}

/** A value in the signal's unit: `12.5%`, `230ms`. */
function value(metric: MetricJudgement, amount: number, signed = false): string {
  const sign = signed && amount > 0 ? '+' : '';
  return unitOf(metric) === 'ratio' ? `${sign}${threeDigits(amount * 100)}%` : `${sign}${threeDigits(amount * 1000)}ms`;
}

/** Three significant digits without trailing zeros: `20.1`, `100`, `0.5`, `0`. */
function threeDigits(amount: number): string {
  return String(Number(amount.toPrecision(3)));
}

function median(metric: MetricJudgement, fleet: 'canary' | 'baseline'): string {
  const side = metric[fleet];
  return side.median === null ? `- (0 steps)` : `${value(metric, side.median)} (${side.samples} steps)`;
}

function ratio(metric: MetricJudgement): string {
  if (metric.classification === 'nodata') return '-';
  return metric.effectSize === null ? '×∞' : `×${metric.effectSize.toPrecision(3)}`;
}

function pValue(metric: MetricJudgement): string {
  return metric.pValue === null ? '-' : metric.pValue.toPrecision(2);
}

function shift(metric: MetricJudgement): string {
  if (metric.shift === null) return '-';
  return `${value(metric, metric.shift.estimate, true)} [${value(metric, metric.shift.lower, true)}, ${value(metric, metric.shift.upper, true)}]`;
}
