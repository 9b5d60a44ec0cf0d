import { UPSTREAM_NAMES } from '../../pins-api/upstreams/UpstreamName.js';
import type { LevelPoint } from '../../load/levelTrace.js';
import type { BreakerTransition } from '../MetricsSampler.js';
import { formatOverloadSummary, type OverloadSummary } from '../overloadSummary.js';
import { formatMs, transitionsDuring, type PhaseSummary, type PhaseWindow } from '../summary.js';
import type { TimelinePoint } from '../timeline.js';
import { escapeHtml } from './escapeHtml.js';
import { lineChart, type ChartBand } from './lineChart.js';

/** Everything the report shows. */
export interface ReportData {
  readonly generatedAt: Date;
  /** The run's settings, as `[name, value]` lines. */
  readonly settings: readonly (readonly [name: string, value: string])[];
  readonly windows: readonly PhaseWindow[];
  readonly timeline: readonly TimelinePoint[];
  readonly summary: readonly PhaseSummary[];
  readonly transitions: readonly BreakerTransition[];
  /** The library API's brownout level at every scrape (none when brownout was off). */
  readonly levels: readonly LevelPoint[];
  /** The overload phase, summed up; `undefined` when the run had none. */
  readonly overload: OverloadSummary | undefined;
  /** The run was stopped early (Ctrl-C). */
  readonly interrupted: boolean;
}

const OWNER_COLORS: Readonly<Record<string, string>> = { shopping: '#d97706', comments: '#2563eb', boards: '#059669', images: '#dc2626' };
const MODE_COLORS = { library: '#2563eb', naive: '#6b7280' } as const;

/**
 * The demo's report: one self-contained HTML page (inline CSS and SVG, no script, no external asset)
 * with the degraded share per owner, the p99 latency and the failed share per mode, and the brownout
 * level and the library API's goodput over time, the summary per phase and mode, the breaker
 * transitions and the overload phase's summary.
 */
export function renderReport(data: ReportData): string {
  const seconds = (ms: number) => ms / 1000;
  const xMax = Math.max(1, ...data.windows.map((window) => seconds(window.to)));
  const bands: ChartBand[] = data.windows.map((window, index) => ({ from: seconds(window.from), to: seconds(window.to), label: `${index + 1}. ${window.phase.title}` }));
  const degraded = lineChart({
    title: 'Degraded calls per owner (library mode, from its metrics)',
    unit: '%',
    yMax: 100,
    xMax,
    xLabel: 'seconds',
    bands,
    series: UPSTREAM_NAMES.map((owner) => ({
      name: owner,
      color: OWNER_COLORS[owner] ?? '#111827',
      points: data.timeline.map((point) => [seconds(point.at), point.owners[owner].degradedPercent] as const),
    })),
  });
  const p99s = data.timeline.flatMap((point) => [point.modes.library.p99, point.modes.naive.p99]).filter((value): value is number => value !== undefined);
  const latency = lineChart({
    title: 'p99 latency per mode (each second; requests without an answer count at the client timeout)',
    unit: ' ms',
    yMax: niceMax(Math.max(10, ...p99s)),
    xMax,
    xLabel: 'seconds',
    bands,
    series: (['library', 'naive'] as const).map((mode) => ({
      name: `${mode} mode`,
      color: MODE_COLORS[mode],
      points: data.timeline.map((point) => [seconds(point.at), point.modes[mode].p99] as const),
    })),
  });
  const failed = lineChart({
    title: 'Failed requests per mode (5xx or no answer)',
    unit: '%',
    yMax: 100,
    xMax,
    xLabel: 'seconds',
    bands,
    series: (['library', 'naive'] as const).map((mode) => ({
      name: `${mode} mode`,
      color: MODE_COLORS[mode],
      points: data.timeline.map((point) => {
        const { requests, failed: count } = point.modes[mode];
        return [seconds(point.at), requests === 0 ? undefined : (100 * count) / requests] as const;
      }),
    })),
  });
  const brownout = lineChart({
    title: 'Brownout level of the library API (classes shed, 0 = full service, 6 = every optional call), at each scrape',
    unit: '',
    yMax: 6,
    xMax,
    xLabel: 'seconds',
    bands,
    series: [{ name: 'brownout level', color: '#7c3aed', points: data.levels.map((point) => [seconds(point.at), point.level] as const) }],
  });
  const good = lineChart({
    title: 'Goodput per mode (pages answered 2xx within the SLO with images, each second)',
    unit: '%',
    yMax: 100,
    xMax,
    xLabel: 'seconds',
    bands,
    series: (['library', 'naive'] as const).map((mode) => ({
      name: `${mode} mode`,
      color: MODE_COLORS[mode],
      points: data.timeline.map((point) => {
        const share = point.modes[mode].goodput;
        return [seconds(point.at), share === undefined ? undefined : 100 * share] as const;
      }),
    })),
  });

  const summaryRows = data.summary
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.phase.title)}</td><td>${row.mode}</td><td>${row.requests}</td><td>${row.ok}</td><td>${row.clientErrors}</td>` +
        `<td>${row.serverErrors}</td><td>${row.noAnswer}</td><td>${formatMs(row.p50)}</td><td>${formatMs(row.p99)}</td>` +
        `<td>${escapeHtml(row.degraded.map(([field, count]) => `${field} ${count}`).join(', ') || '-')}</td></tr>`,
    )
    .join('');
  const phaseRows = data.windows
    .map((window, index) => {
      const changes = transitionsDuring(window, data.transitions)
        .map((change) => `${change.owner} ${change.from} → ${change.to} at ${seconds(change.at).toFixed(1)} s`)
        .join(', ');
      return (
        `<tr><td>${index + 1}</td><td>${escapeHtml(window.phase.title)}</td><td>${seconds(window.from).toFixed(1)}–${seconds(window.to).toFixed(1)} s</td>` +
        `<td>${escapeHtml(window.phase.promise)}</td><td>${escapeHtml(changes || 'none')}</td></tr>`
      );
    })
    .join('');
  const settings = data.settings.map(([name, value]) => `<li><b>${escapeHtml(name)}</b>: ${escapeHtml(value)}</li>`).join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>field-dependency demo report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; color: #111827; margin: 24px auto; max-width: 960px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin-top: 28px; }
.meta { color: #4b5563; }
.warning { background: #fef3c7; padding: 8px 12px; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; vertical-align: top; }
td:nth-child(n+3) { font-variant-numeric: tabular-nums; }
figure.chart { margin: 16px 0 24px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; display: block; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; gap: 16px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; border-radius: 2px; vertical-align: -1px; }
</style>
</head>
<body>
<h1>field-dependency demo: the pins API under upstream faults and overload</h1>
<p class="meta">Generated ${escapeHtml(data.generatedAt.toISOString())}. The same API, with the library (library mode) and without it (naive mode), under the same traffic while its upstreams fail.</p>
${data.interrupted ? '<p class="warning">Stopped early (Ctrl-C): the report covers the phases that ran.</p>' : ''}
<ul class="meta">${settings}</ul>
<h2>Phases</h2>
<table><thead><tr><th>#</th><th>phase</th><th>when</th><th>what the library promises</th><th>breaker transitions (library)</th></tr></thead><tbody>${phaseRows}</tbody></table>
<h2>Over time</h2>
${degraded}
${latency}
${failed}
${brownout}
${good}
${data.overload === undefined ? '' : `<h2>Overload</h2>\n<pre>${escapeHtml(formatOverloadSummary(data.overload))}</pre>`}
<h2>Summary per phase and mode</h2>
<table><thead><tr><th>phase</th><th>mode</th><th>requests</th><th>2xx</th><th>4xx</th><th>5xx</th><th>no answer</th><th>p50 ms</th><th>p99 ms</th><th>degraded fields (responses)</th></tr></thead><tbody>${summaryRows}</tbody></table>
</body>
</html>
`;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}
