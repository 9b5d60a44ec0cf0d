import { escapeHtml } from './escapeHtml.js';

/** One line of a chart: `[x, y]` points, `y` `undefined` where there is no value (the line breaks there). */
export interface ChartSeries {
  readonly name: string;
  /** A CSS color. */
  readonly color: string;
  readonly points: readonly (readonly [x: number, y: number | undefined])[];
}

/** A shaded stretch of the x axis, labelled (a demo phase). */
export interface ChartBand {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** What {@link lineChart} draws. */
export interface LineChartOptions {
  readonly title: string;
  /** The y axis unit, shown after the tick values (`%`, ` ms`). */
  readonly unit: string;
  readonly yMax: number;
  readonly xMax: number;
  /** The x axis label. */
  readonly xLabel: string;
  readonly series: readonly ChartSeries[];
  readonly bands: readonly ChartBand[];
}

const WIDTH = 900;
const HEIGHT = 280;
const LEFT = 60;
const RIGHT = 16;
const TOP = 30;
const BOTTOM = 40;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

/**
 * A line chart as a `<figure>` holding an inline `<svg>` (no script, no external asset) and an HTML
 * legend: the bands shaded behind, y grid lines, one `<polyline class="series">` per continuous stretch
 * of each series.
 */
export function lineChart(options: LineChartOptions): string {
  const { title, unit, yMax, xMax, xLabel, series, bands } = options;
  const x = (value: number) => round(LEFT + (Math.min(value, xMax) / xMax) * PLOT_WIDTH);
  const y = (value: number) => round(TOP + PLOT_HEIGHT - (Math.min(Math.max(value, 0), yMax) / yMax) * PLOT_HEIGHT);
  const parts: string[] = [];

  bands.forEach((band, index) => {
    parts.push(
      `<rect class="band" x="${x(band.from)}" y="${TOP}" width="${round(x(band.to) - x(band.from))}" height="${PLOT_HEIGHT}" fill="${index % 2 === 0 ? '#f3f4f6' : '#ffffff'}"/>`,
      `<text class="band-label" x="${round(x(band.from) + 4)}" y="${TOP - 8}" font-size="11" fill="#4b5563">${escapeHtml(band.label)}</text>`,
    );
  });
  for (let tick = 0; tick <= 4; tick++) {
    const value = (yMax * tick) / 4;
    parts.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(value)}" y2="${y(value)}" stroke="#d1d5db" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${y(value) + 4}" font-size="11" text-anchor="end" fill="#374151">${escapeHtml(`${formatTick(value)}${unit}`)}</text>`,
    );
  }
  const step = xStep(xMax);
  for (let value = 0; value <= xMax + 1e-9; value += step) {
    parts.push(`<text x="${x(value)}" y="${HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" fill="#374151">${formatTick(value)}</text>`);
  }
  parts.push(`<text x="${LEFT + PLOT_WIDTH / 2}" y="${HEIGHT - 6}" font-size="12" text-anchor="middle" fill="#111827">${escapeHtml(xLabel)}</text>`);
  for (const line of series) {
    for (const stretch of stretches(line.points)) {
      const points = stretch.map(([px, py]) => `${x(px)},${y(py)}`).join(' ');
      parts.push(
        `<polyline class="series" data-series="${escapeHtml(line.name)}" points="${points}" fill="none" stroke="${escapeHtml(line.color)}" stroke-width="2" stroke-linejoin="round"/>`,
      );
    }
  }
  const legend = series
    .map((line) => `<li><span class="swatch" style="background:${escapeHtml(line.color)}"></span>${escapeHtml(line.name)}</li>`)
    .join('');
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>` +
    `<ul class="legend">${legend}</ul></figure>`
  );
}

/** The runs of consecutive defined points. */
function stretches(points: ChartSeries['points']): (readonly [number, number])[][] {
  const runs: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  for (const [px, py] of points) {
    if (py === undefined || !Number.isFinite(py)) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else {
      current.push([px, py]);
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

function xStep(xMax: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60]) if (xMax / step <= 12) return step;
  return 120;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
