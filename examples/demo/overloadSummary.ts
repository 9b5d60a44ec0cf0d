import { goodput, type Goodput, type GoodputCriteria } from '../load/goodput.js';
import { recoveryMs, type LevelPoint } from '../load/levelTrace.js';
import type { RequestSample } from '../load/RequestSample.js';
import type { PhaseWindow } from './summary.js';

/** What the library API's clients got during the demo's overload phase, and what its brownout did. */
export interface OverloadSummary {
  readonly window: PhaseWindow;
  /** Over the library API's page requests sent during the phase (bad requests left out). */
  readonly goodput: Goodput;
  /** Library answers without the critical images. */
  readonly withoutImages: number;
  /** The brownout level over the phase: highest and mean; `undefined` without a scrape. */
  readonly maxLevel: number | undefined;
  readonly meanLevel: number | undefined;
  /** How long after the phase the level was back at full service for good; `undefined`: not by the end. */
  readonly recoveryMs: number | undefined;
}

/** The overload phase's summary; `undefined` when the run had none (or was stopped before it). */
export function overloadSummary(windows: readonly PhaseWindow[], samples: readonly RequestSample[], levels: readonly LevelPoint[], criteria: GoodputCriteria): OverloadSummary | undefined {
  const window = windows.find((candidate) => candidate.phase.overload !== undefined);
  if (window === undefined) return undefined;
  const pages = samples.filter(
    (sample) => sample.mode === 'library' && sample.sentAt >= window.from && sample.sentAt < window.to && (sample.outcome === 'no answer' || sample.outcome < 400 || sample.outcome >= 500),
  );
  const during = levels.filter((point) => point.at >= window.from && point.at < window.to).map((point) => point.level);
  return {
    window,
    goodput: goodput(pages, criteria),
    withoutImages: pages.filter((sample) => sample.degraded.some((field) => criteria.criticalFields.includes(field))).length,
    maxLevel: during.length === 0 ? undefined : Math.max(...during),
    meanLevel: during.length === 0 ? undefined : during.reduce((sum, level) => sum + level, 0) / during.length,
    recoveryMs: recoveryMs(levels, window.to),
  };
}

/** The summary as text: goodput, the critical field, the level and the recovery. */
export function formatOverloadSummary(summary: OverloadSummary): string {
  const { goodput: measured, window } = summary;
  const percent = (count: number) => (measured.requests === 0 ? '-' : `${((100 * count) / measured.requests).toFixed(1)}%`);
  const level = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));
  return [
    `== overload: ${window.phase.title} ==`,
    `library goodput ${percent(measured.good)} of ${measured.requests} pages (late ${percent(measured.late)}, failed ${percent(measured.failed)}); critical images missing from ${summary.withoutImages}`,
    `brownout level max ${level(summary.maxLevel)}, mean ${level(summary.meanLevel)} of 6; ` +
      (summary.recoveryMs === undefined ? 'not back at full service by the end' : `back at full service ${(summary.recoveryMs / 1000).toFixed(1)} s after the spike`),
  ].join('\n');
}
