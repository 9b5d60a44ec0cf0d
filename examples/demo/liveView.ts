import type { IncidentPhase } from '../pins-api/incidentPhases.js';
import { UPSTREAM_NAMES } from '../pins-api/upstreams/UpstreamName.js';
import { formatMs } from './summary.js';
import type { ModePoint, TimelinePoint } from './timeline.js';

/** The live per-owner table of one timeline point, as lines (for a terminal, redrawn in place). */
export function liveTable(point: TimelinePoint, phase: IncidentPhase, phaseCount: number): string[] {
  const lines = [
    `phase ${point.phase + 1}/${phaseCount}: ${phase.title}   (${(point.at / 1000).toFixed(0)} s)`,
    `  owner      calls/s   degraded   breaker      (library mode, from its metrics)`,
  ];
  for (const owner of UPSTREAM_NAMES) {
    const { callsPerSecond, degradedPercent, breaker, decider } = point.owners[owner];
    lines.push(`  ${owner.padEnd(9)} ${callsPerSecond.toFixed(1).padStart(8)} ${percent(degradedPercent).padStart(10)}   ${breaker ?? '-'}${deciderNote(decider)}`);
  }
  lines.push(`  mode        req/s     failed    p99 ms     (failed: 5xx or no answer)`);
  for (const mode of ['library', 'naive'] as const) lines.push(`  ${mode.padEnd(9)} ${modeColumns(point.modes[mode], point.seconds)}`);
  if (point.brownout !== undefined) lines.push(`  brownout  ${brownoutNote(point)}`);
  return lines;
}

/** The same point as one line, for a log (stdout not a terminal). */
export function liveLine(point: TimelinePoint, phase: IncidentPhase): string {
  const owners = UPSTREAM_NAMES.map((owner) => {
    const { callsPerSecond, degradedPercent, breaker, decider } = point.owners[owner];
    return `${owner} ${callsPerSecond.toFixed(0)}/s ${percent(degradedPercent)} ${breaker ?? '-'}${deciderNote(decider)}`;
  }).join(' · ');
  const modes = (['library', 'naive'] as const).map((mode) => `${mode} ${failedPercent(point.modes[mode])} failed p99 ${formatMs(point.modes[mode].p99)} ms`).join(' · ');
  const brownout = point.brownout === undefined ? '' : `  |  brownout ${brownoutNote(point)}`;
  return `${(point.at / 1000).toFixed(0).padStart(3)} s  ${phase.title}  |  ${owners}  |  ${modes}${brownout}`;
}

/**
 * The library API's brownout: its level, the share of each owner's calls it shed, and the library
 * API's goodput, e.g. `level 2.5/6, shed comments 100% shopping 40% boards 40%, library goodput 97%`.
 */
export function brownoutNote(point: TimelinePoint): string {
  const shed = UPSTREAM_NAMES.filter((owner) => (point.owners[owner].shedPercent ?? 0) > 0).map((owner) => `${owner} ${(point.owners[owner].shedPercent as number).toFixed(0)}%`);
  const { goodput } = point.modes.library;
  return (
    `level ${Number((point.brownout?.level ?? 0).toFixed(1))}/6, ${shed.length === 0 ? 'nothing shed' : `shed ${shed.join(' ')}`}, ` +
    `library goodput ${goodput === undefined ? '-' : `${(100 * goodput).toFixed(0)}%`}`
  );
}

/**
 * Where the live view goes: on a terminal the table is redrawn in place; otherwise each update is one
 * printed line.
 */
export class LiveView {
  readonly #out: NodeJS.WritableStream;
  readonly #tty: boolean;
  #drawn = 0;

  constructor(out: NodeJS.WritableStream & { readonly isTTY?: boolean }) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  update(point: TimelinePoint, phase: IncidentPhase, phaseCount: number): void {
    if (!this.#tty) {
      this.#out.write(`${liveLine(point, phase)}\n`);
      return;
    }
    const lines = liveTable(point, phase, phaseCount);
    // Back to the table's first line, then each line cleared and rewritten.
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F` : '';
    this.#out.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(''));
    this.#drawn = lines.length;
  }

  /** Keeps what is on screen: the next output starts below the table. */
  finish(): void {
    this.#drawn = 0;
  }
}

/** `, decider 0% (disabled)` while an owner's decider is below 100; nothing otherwise. */
function deciderNote(decider: number | undefined): string {
  if (decider === undefined || decider >= 100) return '';
  return `, decider ${Number(decider.toFixed(2))}%${decider === 0 ? ' (disabled)' : ''}`;
}

function percent(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(1)}%`;
}

function failedPercent(point: ModePoint): string {
  return point.requests === 0 ? '-' : `${((100 * point.failed) / point.requests).toFixed(0)}%`;
}

function modeColumns(point: ModePoint, seconds: number): string {
  return `${(seconds > 0 ? point.requests / seconds : 0).toFixed(1).padStart(8)} ${failedPercent(point).padStart(10)} ${formatMs(point.p99).padStart(9)}`;
}
