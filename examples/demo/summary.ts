import { percentile } from '../load/percentile.js';
import type { IncidentPhase } from '../pins-api/incidentPhases.js';
import type { DemoMode } from '../pins-api/startPinsApi.js';
import type { BreakerTransition } from './MetricsSampler.js';
import type { RequestSample } from '../load/RequestSample.js';

/** When a phase ran, in milliseconds since the demo started. */
export interface PhaseWindow {
  readonly phase: IncidentPhase;
  readonly from: number;
  readonly to: number;
}

/** What one mode's clients got during one phase (requests by the time they were sent). */
export interface PhaseSummary {
  readonly phase: IncidentPhase;
  readonly mode: DemoMode;
  readonly requests: number;
  readonly ok: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** Requests the client gave up on (its timeout) or whose connection failed. */
  readonly noAnswer: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  /** How many responses named each field in `x-degraded-fields`, most first. */
  readonly degraded: readonly (readonly [field: string, responses: number])[];
}

/** One row per phase and mode, in phase order, library first. */
export function summarize(windows: readonly PhaseWindow[], samples: readonly RequestSample[]): PhaseSummary[] {
  return windows.flatMap((window) =>
    (['library', 'naive'] as const).map((mode) => {
      const mine = samples.filter((sample) => sample.mode === mode && sample.sentAt >= window.from && sample.sentAt < window.to);
      const latencies = mine.map((sample) => sample.latencyMs);
      const count = (test: (outcome: number) => boolean) => mine.filter((sample) => sample.outcome !== 'no answer' && test(sample.outcome)).length;
      const degraded = new Map<string, number>();
      for (const sample of mine) for (const field of sample.degraded) degraded.set(field, (degraded.get(field) ?? 0) + 1);
      return {
        phase: window.phase,
        mode,
        requests: mine.length,
        ok: count((status) => status >= 200 && status < 300),
        clientErrors: count((status) => status >= 400 && status < 500),
        serverErrors: count((status) => status >= 500),
        noAnswer: mine.filter((sample) => sample.outcome === 'no answer').length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        degraded: [...degraded].sort((a, b) => b[1] - a[1]),
      };
    }),
  );
}

/** The breaker changes that happened during `window`. */
export function transitionsDuring(window: PhaseWindow, transitions: readonly BreakerTransition[]): BreakerTransition[] {
  return transitions.filter((transition) => transition.at >= window.from && transition.at < window.to);
}

/** Milliseconds with one decimal, or `-`. */
export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '-' : ms.toFixed(1);
}

/** The summary as a fixed-width text table, then the breaker transitions phase by phase. */
export function formatSummary(rows: readonly PhaseSummary[], windows: readonly PhaseWindow[], transitions: readonly BreakerTransition[]): string {
  const width = Math.max(...rows.map((row) => row.phase.title.length), 'phase'.length);
  const header = `${'phase'.padEnd(width)}  mode     requests    2xx   4xx   5xx  no answer   p50 ms   p99 ms  degraded fields (responses)`;
  const lines = [header];
  for (const row of rows) {
    const degraded = row.degraded.length === 0 ? '-' : row.degraded.map(([field, count]) => `${field} ${count}`).join(', ');
    lines.push(
      `${row.phase.title.padEnd(width)}  ${row.mode.padEnd(7)} ${String(row.requests).padStart(9)} ${String(row.ok).padStart(6)} ${String(row.clientErrors).padStart(5)} ` +
        `${String(row.serverErrors).padStart(5)} ${String(row.noAnswer).padStart(10)} ${formatMs(row.p50).padStart(8)} ${formatMs(row.p99).padStart(8)}  ${degraded}`,
    );
  }
  lines.push('', 'breaker transitions (library mode, as seen by scraping /metrics):');
  for (const window of windows) {
    const changes = transitionsDuring(window, transitions);
    const listed = changes.length === 0 ? 'none' : changes.map((change) => `${change.owner} ${change.from} → ${change.to} at ${(change.at / 1000).toFixed(1)} s`).join(', ');
    lines.push(`  ${window.phase.title.padEnd(width)}  ${listed}`);
  }
  return lines.join('\n');
}
