/**
 * `npm run demo`, for real: the quick mode (`--phase-seconds 1`) as a child process over real sockets,
 * its summary checked phase by phase, its HTML report rendered in headless Chromium, and Ctrl-C.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../examples/load/httpGet.js';
import { INCIDENT_PHASES } from '../../examples/pins-api/incidentPhases.js';
import { ROOT } from './readmeBlocks.js';

const run = promisify(execFile);
const DEMO = ['--import', 'tsx', 'examples/demo/main.ts'];
const CHROMIUM = '/usr/bin/chromium';

/** One row of the demo's summary table. */
interface SummaryRow {
  readonly requests: number;
  readonly ok: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  readonly noAnswer: number;
  readonly degraded: string;
}

let dir: string;
let report: string;
let stdout = '';
/** The summary, by `phase title/mode`. */
const rows = new Map<string, SummaryRow>();

function row(phase: string, mode: 'library' | 'naive'): SummaryRow {
  const found = rows.get(`${phase}/${mode}`);
  if (found === undefined) throw new Error(`no summary row for ${phase} (${mode}) in:\n${stdout}`);
  return found;
}

/** Runs headless Chromium (Debian's package) on `url` with a fresh profile, and the extra flags. */
async function chromium(url: string, ...flags: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(dir, 'chromium-'));
  const { stdout: output } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...flags,
      url,
    ],
    { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return output;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'field-dependency-demo-'));
  report = path.join(dir, 'report.html');
  // Rejects, with the output, if the demo exits with anything but 0 (or does not exit).
  ({ stdout } = await run(process.execPath, [...DEMO, '--phase-seconds', '1', '--report', report], { cwd: ROOT, timeout: 60_000 }));
  const summary = stdout.slice(stdout.indexOf('== summary =='));
  for (const phase of INCIDENT_PHASES) {
    for (const mode of ['library', 'naive'] as const) {
      const match = new RegExp(`^${phase.title} +${mode} +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +[\\d.-]+ +[\\d.-]+  (.+)$`, 'm').exec(summary);
      if (match === null) continue;
      const [requests, ok, clientErrors, serverErrors, noAnswer] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
      rows.set(`${phase.title}/${mode}`, { requests, ok, clientErrors, serverErrors, noAnswer, degraded: match[6] as string });
    }
  }
}, 90_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run demo -- --phase-seconds 1', () => {
  it('starts the upstreams and both APIs, then runs every phase with a live line each second', () => {
    expect(stdout).toMatch(/^ {2}upstreams +shopping http:\/\/127\.0\.0\.1:\d+, comments http:\/\/127\.0\.0\.1:\d+, boards .+, images .+$/m);
    expect(stdout).toMatch(/^ {2}library mode +http:\/\/127\.0\.0\.1:\d+ /m);
    expect(stdout).toMatch(/^ {2}naive mode +http:\/\/127\.0\.0\.1:\d+ /m);
    const headings = [...stdout.matchAll(new RegExp(`^== (\\d)/${INCIDENT_PHASES.length} (.+?) == `, 'gm'))].map((match) => match[2]);
    expect(headings).toEqual(INCIDENT_PHASES.map((phase) => phase.title));
    // stdout is a pipe, not a terminal: the live table is printed as lines.
    expect(stdout).not.toContain('\x1b[');
    expect(stdout).toMatch(/^ +\d+ s {2}healthy {2}\| {2}shopping \d+\/s [\d.]+% closed · comments .+ \| {2}library \d+% failed p99 [\d.]+ ms · naive /m);
    expect(rows.size).toBe(INCIDENT_PHASES.length * 2);
    for (const summary of rows.values()) expect(summary.requests).toBeGreaterThan(0);
  });

  it('healthy: every page whole in both modes; bad requests get a 4xx', () => {
    for (const mode of ['library', 'naive'] as const) {
      expect(row('healthy', mode)).toMatchObject({ serverErrors: 0, noAnswer: 0, degraded: '-' });
      expect([...rows.entries()].filter(([key]) => key.endsWith(mode)).reduce((sum, [, summary]) => sum + summary.clientErrors, 0)).toBeGreaterThan(0);
    }
  });

  it('shopping fails: library pages stay 200 without shopping; naive pages fail', () => {
    const library = row('shopping fails every call', 'library');
    expect(library).toMatchObject({ serverErrors: 0, noAnswer: 0 });
    expect(library.degraded).toMatch(/^shopping \d+/);
    expect(row('shopping fails every call', 'naive').serverErrors).toBeGreaterThan(0);
    expect(stdout).toMatch(/^breaker transitions[\s\S]*shopping closed → open at [\d.]+ s/m);
  });

  it('comments hang: library pages are answered without comments; naive clients get no answer', () => {
    const library = row('comments hang', 'library');
    expect(library).toMatchObject({ serverErrors: 0, noAnswer: 0 });
    expect(library.degraded).toMatch(/^comments \d+/);
    expect(row('comments hang', 'naive').noAnswer).toBeGreaterThan(0);
  });

  it('images fail 20%: the critical field answers 503 in library mode too', () => {
    expect(row('images fail 20%', 'library').serverErrors).toBeGreaterThan(0);
    expect(row('images fail 20%', 'library').degraded).toContain('images');
    expect(row('images fail 20%', 'naive').serverErrors).toBeGreaterThan(0);
  });

  it('shopping switched off by its decider (the flag file edited): library pages go without shopping, reason disabled', () => {
    const library = row('shopping switched off by its decider', 'library');
    expect(library).toMatchObject({ serverErrors: 0, noAnswer: 0 });
    expect(library.degraded).toMatch(/^shopping \d+/);
    expect(row('shopping switched off by its decider', 'naive')).toMatchObject({ serverErrors: 0, noAnswer: 0, degraded: '-' });
  });

  it('traffic spike: the library API gets 1.5× its measured capacity, shows its brownout level each second, and never sheds images', () => {
    const library = row('traffic spike: 1.5× capacity', 'library');
    expect(library.requests).toBeGreaterThan(row('traffic spike: 1.5× capacity', 'naive').requests);
    expect(library.degraded).not.toContain('images');
    const capacity = Number(/^ {2}capacity +the library API alone answers (\d+) requests\/s here/m.exec(stdout)?.[1]);
    // 1.5× the capacity for a second (the spike's last requests may be cut short by the phase's end).
    expect(library.requests).toBeGreaterThan(capacity);
    expect(stdout).toMatch(/^ +\d+ s {2}traffic spike: 1.5× capacity {2}\|.+\| {2}brownout level [\d.]+\/6, .+, library goodput (\d+%|-)$/m);
    const overload = stdout.slice(stdout.indexOf('== overload: traffic spike: 1.5× capacity =='));
    expect(overload).toMatch(/^library goodput [\d.]+% of \d+ pages \(late [\d.]+%, failed [\d.]+%\); critical images missing from 0$/m);
    // Whether a one-second spike is long enough for the controller to act depends on the machine: the level is
    // shown, between full service and every optional call shed (bench:overload measures what it does).
    const maxLevel = Number(/^brownout level max ([\d.]+), mean [\d.]+ of 6; /m.exec(overload)?.[1]);
    expect(maxLevel).toBeGreaterThanOrEqual(0);
    expect(maxLevel).toBeLessThanOrEqual(6);
  });

  it('recovery: no failure in either mode', () => {
    for (const mode of ['library', 'naive'] as const) expect(row('recovery', mode)).toMatchObject({ serverErrors: 0, noAnswer: 0 });
  });

  it('writes the report and ends cleanly', () => {
    expect(stdout).toContain(`report: ${path.relative(ROOT, report)}`);
    expect(stdout.trimEnd().endsWith('done: every API, upstream and breaker closed')).toBe(true);
  });

  it('writes an HTML report that headless Chromium renders: five charts, a line per owner and mode, the brownout level', async () => {
    const url = pathToFileURL(report).href;
    const dom = await chromium(url, '--dump-dom');
    expect(dom).toContain('<title>field-dependency demo report</title>');
    expect(dom.match(/<svg /g)).toHaveLength(5);
    expect(dom).toContain('<h2>Overload</h2>');
    for (const series of ['shopping', 'comments', 'boards', 'images', 'library mode', 'naive mode', 'brownout level']) {
      expect(dom).toMatch(new RegExp(`<polyline class="series" data-series="${series}" points="[\\d., ]+"`));
    }
    for (const phase of INCIDENT_PHASES) expect(dom).toContain(`>${phase.title}</td>`);

    const png = path.join(dir, 'report.png');
    await chromium(url, '--window-size=1000,2400', `--screenshot=${png}`);
    const image = await readFile(png);
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect((await stat(png)).size).toBeGreaterThan(20_000);
  }, 120_000);
});

describe('Ctrl-C', () => {
  it('stops the demo with exit code 130, after closing every API and upstream and writing the report', async () => {
    const interruptedReport = path.join(dir, 'interrupted.html');
    const child = spawn(process.execPath, [...DEMO, '--report', interruptedReport], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    const healthy = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes(`== 1/${INCIDENT_PHASES.length} healthy ==`)) resolve();
      });
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await Promise.race([healthy, exited]);
    const urls = [...output.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((match) => match[0]);
    expect(urls).toHaveLength(6); // 4 upstreams, 2 APIs
    expect((await httpGet(`${urls[4]}/v3/pins/7?fields=board`)).status).toBe(200);

    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(output).toContain('interrupted: closing the APIs and the upstreams…');
    expect(output).toMatch(/^healthy +library +\d+/m);
    expect(output.trimEnd().endsWith('stopped early; every API, upstream and breaker closed')).toBe(true);
    for (const url of urls) await expect(httpGet(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await readFile(interruptedReport, 'utf8')).toContain('Stopped early (Ctrl-C)');
  }, 60_000);
});
