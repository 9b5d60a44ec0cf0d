import type { BrownoutClassRow, BrownoutState, DeciderRow, OwnerReport, OwnerRow, ShedRow } from './OwnerReport.js';
import { REQUEST_PRIORITIES, type RequestPriority } from '../../src/contract/brownoutClasses.js';

/** Per-owner numbers as a source measured them, before they become rows. */
export interface OwnerMeasurements {
  readonly source: string;
  readonly windowSeconds: number;
  /** Calls per second, by owner: every owner the report lists. */
  readonly callsPerSecond: ReadonlyMap<string, number>;
  /** Degraded or failed calls / all calls but shed ones, by owner (absent or NaN: no such call). */
  readonly degradedRatio: ReadonlyMap<string, number>;
  /** Degradations per second by owner, then by reason. */
  readonly reasons: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Fields with an open breaker, by owner. */
  readonly openBreakers: ReadonlyMap<string, readonly string[]>;
  /** Failed calls of critical fields per second, by owner. */
  readonly criticalFailuresPerSecond: ReadonlyMap<string, number>;
  /** `field_dependency_decider_percent` of the fields that have a decider (any value; the report keeps those below 100). */
  readonly deciders: readonly DeciderRow[];
  /** The fields with calls shed by the brownout (any rate; the report keeps those above 0). */
  readonly shed: readonly ShedRow[];
  /** `field_dependency_brownout_admitted_ratio` of every class published (the lowest among instances); empty: none published. */
  readonly brownoutAdmitted: readonly BrownoutClassRow[];
}

/** How many reasons a row lists. */
export const TOP_REASONS = 3;

/** Turns measurements into the report: one row per owner, the worst degraded ratio first. */
export function assembleOwnerReport(measured: OwnerMeasurements): OwnerReport {
  const owners: OwnerRow[] = [...measured.callsPerSecond].map(([owner, callsPerSecond]) => {
    const ratio = measured.degradedRatio.get(owner);
    return {
      owner,
      callsPerSecond,
      degradedRatio: ratio === undefined || Number.isNaN(ratio) ? null : ratio,
      topReasons: [...(measured.reasons.get(owner) ?? new Map<string, number>())]
        .filter(([, perSecond]) => perSecond > 0)
        .sort(([reasonA, a], [reasonB, b]) => b - a || reasonA.localeCompare(reasonB))
        .slice(0, TOP_REASONS)
        .map(([reason, perSecond]) => ({ reason, perSecond })),
      openBreakers: [...(measured.openBreakers.get(owner) ?? [])].sort(),
      criticalFailuresPerSecond: measured.criticalFailuresPerSecond.get(owner) ?? 0,
    };
  });
  owners.sort(
    (a, b) =>
      (b.degradedRatio ?? -1) - (a.degradedRatio ?? -1) || b.callsPerSecond - a.callsPerSecond || a.owner.localeCompare(b.owner),
  );
  const deciders = measured.deciders
    .filter((decider) => decider.percent < 100)
    .sort((a, b) => a.percent - b.percent || a.owner.localeCompare(b.owner) || a.field.localeCompare(b.field));
  const shed = measured.shed
    .filter((row) => row.perSecond > 0)
    .sort((a, b) => b.perSecond - a.perSecond || a.owner.localeCompare(b.owner) || a.field.localeCompare(b.field));
  return { source: measured.source, windowSeconds: measured.windowSeconds, owners, deciders, shed, brownout: brownoutState(measured.brownoutAdmitted) };
}

/** The level in force and the classes it sheds from, or `null` when no class is published. */
function brownoutState(classes: readonly BrownoutClassRow[]): BrownoutState | null {
  if (classes.length === 0) return null;
  const shedding = classes.filter((row) => row.admitted < 1);
  return {
    // rounded: a sum of shares should not print as 1.4999999999999998
    level: Number(shedding.reduce((level, row) => level + (1 - Math.max(0, row.admitted)), 0).toFixed(6)),
    classes: [...shedding].sort((a, b) => a.admitted - b.admitted || shedOrder(a) - shedOrder(b)),
  };
}

/** The order the brownout sheds classes in: low-priority requests first, tier 3 before tier 2 within a priority. */
function shedOrder(row: BrownoutClassRow): number {
  return -REQUEST_PRIORITIES.indexOf(row.priority as RequestPriority) * 10 - Number(row.tier);
}
