/** The demo's arithmetic: summaries per phase and mode, timeline points, percentiles, metrics parsing. */
import { describe, expect, it } from 'vitest';
import { ownerCounters } from '../../examples/demo/MetricsSampler.js';
import type { RequestSample } from '../../examples/load/RequestSample.js';
import { formatSummary, summarize, type PhaseWindow } from '../../examples/demo/summary.js';
import { timelinePoint } from '../../examples/demo/timeline.js';
import { percentile } from '../../examples/load/percentile.js';
import { parsePrometheusText, sumSamples } from '../../examples/load/prometheusText.js';
import { BAD_REQUEST_EVERY, BAD_REQUEST_PATHS, mixedPath, pagePath } from '../../examples/load/requestPaths.js';
import { INCIDENT_PHASES } from '../../examples/pins-api/incidentPhases.js';

const sample = (mode: 'library' | 'naive', sentAt: number, latencyMs: number, outcome: RequestSample['outcome'], degraded: string[] = []): RequestSample => ({
  mode,
  sentAt,
  latencyMs,
  outcome,
  degraded,
});

const WINDOWS: PhaseWindow[] = [
  { phase: INCIDENT_PHASES[0]!, from: 0, to: 1000 },
  { phase: INCIDENT_PHASES[1]!, from: 1000, to: 2000 },
];
const SAMPLES: RequestSample[] = [
  sample('library', 10, 5, 200),
  sample('library', 20, 7, 400),
  sample('naive', 30, 3, 200),
  sample('library', 1100, 4, 200, ['shopping']),
  sample('library', 1200, 6, 200, ['shopping', 'comments']),
  sample('naive', 1100, 2, 500),
  sample('naive', 1990, 500, 'no answer'), // sent in phase 2, given up after it ended
];

describe('summarize', () => {
  it('counts each phase and mode by the time requests were sent', () => {
    const rows = summarize(WINDOWS, SAMPLES);
    expect(rows.map((row) => [row.phase.id, row.mode, row.requests, row.ok, row.clientErrors, row.serverErrors, row.noAnswer])).toEqual([
      ['healthy', 'library', 2, 1, 1, 0, 0],
      ['healthy', 'naive', 1, 1, 0, 0, 0],
      ['shopping-down', 'library', 2, 2, 0, 0, 0],
      ['shopping-down', 'naive', 2, 0, 0, 1, 1],
    ]);
    expect(rows[2]?.degraded).toEqual([['shopping', 2], ['comments', 1]]);
    expect(rows[3]).toMatchObject({ p50: 2, p99: 500 });
  });

  it('formats a fixed-width table and the breaker transitions per phase', () => {
    const text = formatSummary(summarize(WINDOWS, SAMPLES), WINDOWS, [{ at: 1500, owner: 'shopping', from: 'closed', to: 'open' }]);
    expect(text.split('\n')).toEqual([
      'phase                      mode     requests    2xx   4xx   5xx  no answer   p50 ms   p99 ms  degraded fields (responses)',
      'healthy                    library         2      1     1     0          0      5.0      7.0  -',
      'healthy                    naive           1      1     0     0          0      3.0      3.0  -',
      'shopping fails every call  library         2      2     0     0          0      4.0      6.0  shopping 2, comments 1',
      'shopping fails every call  naive           2      0     0     1          1      2.0    500.0  -',
      '',
      'breaker transitions (library mode, as seen by scraping /metrics):',
      '  healthy                    none',
      '  shopping fails every call  shopping closed → open at 1.5 s',
    ]);
  });
});

describe('timelinePoint', () => {
  it('takes requests by the time they were answered, and owner rates from two snapshots', () => {
    const counters = (calls: number, degraded: number, shed = 0) => ({ calls, degraded, shed, breaker: 'open' as const });
    const start = { at: 1000, owners: { shopping: counters(10, 0), comments: counters(10, 0, 5), boards: counters(10, 0), images: { calls: 10, degraded: 0, shed: 0, breaker: undefined } } };
    const end = {
      at: 2000,
      owners: { shopping: counters(90, 80), comments: counters(90, 0, 45), boards: counters(10, 0), images: { calls: 90, degraded: 16, shed: 0, breaker: undefined } },
      brownout: { level: 1.5, shedClasses: ['tier 3/low 100%', 'tier 2/low 50%'] },
    };
    const point = timelinePoint({ from: 1000, to: 2000, phase: 1 }, SAMPLES, { start, end }, { sloMs: 5, criticalFields: ['images'] });
    expect(point.modes.library).toEqual({ requests: 2, failed: 0, p99: 6, goodput: 0.5 });
    expect(point.modes.naive).toEqual({ requests: 1, failed: 1, p99: 2, goodput: 0 }); // the no-answer ends after 2000
    expect(point.owners.shopping).toEqual({ callsPerSecond: 80, degradedPercent: 100, shedPercent: 0, breaker: 'open' });
    expect(point.owners.comments).toMatchObject({ callsPerSecond: 80, degradedPercent: 0, shedPercent: 50 });
    expect(point.owners.boards).toEqual({ callsPerSecond: 0, degradedPercent: undefined, shedPercent: undefined, breaker: 'open' });
    expect(point.owners.images).toEqual({ callsPerSecond: 80, degradedPercent: 20, shedPercent: 0, breaker: undefined });
    expect(point.brownout).toEqual(end.brownout);
    expect(timelinePoint({ from: 1000, to: 2000, phase: 1 }, SAMPLES, { start, end: { at: end.at, owners: end.owners } }, { sloMs: 5, criticalFields: [] })).not.toHaveProperty('brownout');
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile(Array.from({ length: 100 }, (_, index) => index + 1), 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
  });
});

describe('parsePrometheusText', () => {
  const text = [
    '# HELP field_dependency_calls_total Calls.',
    '# TYPE field_dependency_calls_total counter',
    'field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="success"} 7',
    'field_dependency_calls_total{field="shopping",owner="shopping",critical="false",outcome="degraded"} 3',
    'field_dependency_calls_total{field="images",owner="images",critical="true",outcome="failed"} 2',
    'field_dependency_breaker_state{field="shopping",owner="shopping"} 2',
    'odd_metric{path="a \\"quoted\\" \\\\ value\\nnext"} +Inf',
    'no_labels 1.5e3',
    '',
  ].join('\n');

  it('reads names, unescaped labels and values', () => {
    const samples = parsePrometheusText(text);
    expect(samples).toHaveLength(6);
    expect(samples[4]).toEqual({ name: 'odd_metric', labels: { path: 'a "quoted" \\ value\nnext' }, value: Infinity });
    expect(samples[5]).toEqual({ name: 'no_labels', labels: {}, value: 1500 });
    expect(sumSamples(samples, 'field_dependency_calls_total', { owner: 'shopping' })).toBe(10);
  });

  it('rejects a malformed line, naming it', () => {
    expect(() => parsePrometheusText('ok 1\nbroken{a="1" 2')).toThrow('metrics line 2 is not a sample: broken{a="1" 2');
    expect(() => parsePrometheusText('novalue')).toThrow('metrics line 1 is not a sample');
  });

  it('gives the demo its per-owner counters', () => {
    const owners = ownerCounters(parsePrometheusText(text));
    expect(owners.shopping).toEqual({ calls: 10, degraded: 3, shed: 0, breaker: 'open' });
    expect(owners.images).toEqual({ calls: 2, degraded: 2, shed: 0, breaker: undefined });
  });
});

describe('request mix', () => {
  it('mostly pin pages, one in four a board page, one in 40 a bad request', () => {
    const paths = Array.from({ length: 160 }, (_, sequence) => mixedPath(sequence));
    expect(paths.filter((path) => BAD_REQUEST_PATHS.includes(path))).toHaveLength(160 / BAD_REQUEST_EVERY);
    expect(new Set(paths.filter((path) => BAD_REQUEST_PATHS.includes(path)))).toEqual(new Set(BAD_REQUEST_PATHS));
    expect(pagePath(0)).toBe('/v3/pins/1?fields=shopping,comments,board,images');
    expect(pagePath(3)).toMatch(/^\/v3\/boards\/[1-9][0-9]*\/pins\?fields=shopping,comments,board,images$/);
  });
});
