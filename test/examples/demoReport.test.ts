/** The demo's HTML report, rendered from fixed data: self-contained, escaped, one chart line per owner and mode. */
import { describe, expect, it } from 'vitest';
import { INCIDENT_PHASES } from '../../examples/pins-api/incidentPhases.js';
import { lineChart } from '../../examples/demo/report/lineChart.js';
import { renderReport, type ReportData } from '../../examples/demo/report/renderReport.js';
import type { TimelinePoint } from '../../examples/demo/timeline.js';

function point(second: number, phase: number, shoppingDegraded: number | undefined): TimelinePoint {
  const owner = (degradedPercent: number | undefined) => ({ callsPerSecond: 80, degradedPercent, shedPercent: 0, breaker: 'closed' as const });
  return {
    at: second * 1000,
    seconds: 1,
    phase,
    modes: { library: { requests: 80, failed: 0, p99: 4, goodput: 1 }, naive: { requests: 80, failed: phase === 1 ? 80 : 0, p99: 3, goodput: phase === 1 ? 0 : 1 } },
    owners: { shopping: owner(shoppingDegraded), comments: owner(0), boards: owner(0), images: { ...owner(0), breaker: undefined } },
  };
}

const DATA: ReportData = {
  generatedAt: new Date('2025-01-02T03:04:05Z'),
  settings: [['phases', '2 of 1 s'], ['note', '<script>alert(1)</script>']],
  windows: [
    { phase: INCIDENT_PHASES[0]!, from: 0, to: 1000 },
    { phase: { ...INCIDENT_PHASES[1]!, title: 'shopping <fails> & "more"' }, from: 1000, to: 2000 },
  ],
  timeline: [point(1, 0, 0), point(2, 1, 100), point(3, 1, undefined)],
  summary: [],
  transitions: [{ at: 1500, owner: 'shopping', from: 'closed', to: 'open' }],
  levels: [
    { at: 250, level: 0 },
    { at: 1250, level: 2.5 },
    { at: 2250, level: 0 },
  ],
  overload: undefined,
  interrupted: false,
};

describe('renderReport', () => {
  const html = renderReport(DATA);

  it('is one self-contained page: no script, no external asset', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(|@import/i);
  });

  it('draws five charts, with a line per owner and per mode and the brownout level, and a legend naming them', () => {
    expect(html.match(/<svg /g)).toHaveLength(5);
    for (const owner of ['shopping', 'comments', 'boards', 'images']) expect(html).toContain(`data-series="${owner}"`);
    expect(html.match(/data-series="library mode"/g)).toHaveLength(3);
    expect(html).toContain('<polyline class="series" data-series="brownout level" points="163,240 575,152.5 884,240"');
    expect(html).not.toContain('<h2>Overload</h2>');
    expect(html).toContain('<li><span class="swatch" style="background:#d97706"></span>shopping</li>');
  });

  it('escapes every text that comes from data', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('2. shopping &lt;fails&gt; &amp; &quot;more&quot;');
    expect(html).not.toContain('<fails>');
  });

  it('lists the breaker transitions by phase, and says so when the run was interrupted', () => {
    expect(html).toContain('shopping closed → open at 1.5 s');
    expect(html).not.toContain('Stopped early');
    expect(renderReport({ ...DATA, interrupted: true })).toContain('Stopped early (Ctrl-C)');
  });
});

describe('lineChart', () => {
  it('breaks a line where values are missing, and scales points into the plot', () => {
    const svg = lineChart({
      title: 't',
      unit: '%',
      yMax: 100,
      xMax: 4,
      xLabel: 's',
      bands: [],
      series: [{ name: 'a', color: 'red', points: [[0, 0], [1, 100], [2, undefined], [3, 50], [4, 50]] }],
    });
    const lines = [...svg.matchAll(/<polyline class="series" data-series="a" points="([^"]+)"/g)].map((match) => match[1]);
    expect(lines).toEqual(['60,240 266,30', '678,135 884,135']);
  });
});
