/** The demo's command line and its live view. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { brownoutNote, liveLine, liveTable, LiveView } from '../../examples/demo/liveView.js';
import { DEFAULT_PHASE_SECONDS, DEFAULT_RATE, parseDemoOptions, UsageError } from '../../examples/demo/options.js';
import { clientTimeoutMs, demoBreaker, demoBrownout } from '../../examples/demo/runDemo.js';
import type { TimelinePoint } from '../../examples/demo/timeline.js';
import { INCIDENT_PHASES } from '../../examples/pins-api/incidentPhases.js';

describe('parseDemoOptions', () => {
  it('defaults to about a minute, and reads --phase-seconds or DEMO_PHASE_SECONDS (the flag wins)', () => {
    expect(parseDemoOptions([], {}, 'r.html')).toEqual({ phaseSeconds: DEFAULT_PHASE_SECONDS, ratePerSecond: DEFAULT_RATE, reportPath: 'r.html' });
    expect(parseDemoOptions([], { DEMO_PHASE_SECONDS: '2' }, 'r.html').phaseSeconds).toBe(2);
    expect(parseDemoOptions(['--phase-seconds', '1', '--rate', '20', '--report', 'x.html'], { DEMO_PHASE_SECONDS: '2' }, 'r.html')).toEqual({
      phaseSeconds: 1,
      ratePerSecond: 20,
      reportPath: 'x.html',
    });
  });

  it.each([
    [['--phase-seconds', '0'], {}, '--phase-seconds must be a number from 0.5 to 600; received "0"'],
    [[], { DEMO_PHASE_SECONDS: 'fast' }, '--phase-seconds must be a number from 0.5 to 600; received "fast"'],
    [['--rate', '5000'], {}, '--rate must be a number from 1 to 1000; received "5000"'],
    [['--report', ''], {}, '--report must name a file'],
    [['--phases', '3'], {}, "Unknown option '--phases'"],
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseDemoOptions(argv, env, 'r.html')).toThrow(UsageError);
    expect(() => parseDemoOptions(argv, env, 'r.html')).toThrow(message);
  });

  it('scales the breaker and the client timeout to the phase length', () => {
    expect(demoBreaker(11)).toEqual({ volumeThreshold: 10, errorThresholdPercentage: 50, rollingCountTimeout: 11_000, resetTimeout: 2750 });
    expect(demoBreaker(0.5)).toMatchObject({ rollingCountTimeout: 1000, resetTimeout: 250 });
    expect([clientTimeoutMs(11), clientTimeoutMs(1)]).toEqual([1000, 500]);
  });

  it('samples brownout ten times a phase, at most once a second, at least every 100 ms', () => {
    expect([demoBrownout(11).intervalMs, demoBrownout(1).intervalMs, demoBrownout(0.5).intervalMs]).toEqual([1000, 100, 100]);
    expect(demoBrownout(11)).toMatchObject({ targetLatencyMs: 150, maxEventLoopDelayMs: 20, maxEventLoopUtilization: 1 });
  });
});

describe('LiveView', () => {
  const point: TimelinePoint = {
    at: 3000,
    seconds: 1,
    phase: 1,
    modes: { library: { requests: 80, failed: 0, p99: 4.25, goodput: 1 }, naive: { requests: 80, failed: 80, p99: 2, goodput: 0 } },
    owners: {
      shopping: { callsPerSecond: 80, degradedPercent: 100, shedPercent: 0, breaker: 'open' },
      comments: { callsPerSecond: 80, degradedPercent: 0, shedPercent: 0, breaker: 'closed' },
      boards: { callsPerSecond: 0, degradedPercent: undefined, shedPercent: undefined, breaker: 'closed' },
      images: { callsPerSecond: 80, degradedPercent: 0, shedPercent: 0, breaker: undefined },
    },
  };
  const phase = INCIDENT_PHASES[1]!;

  function written(tty: boolean, updates: number): string {
    const out = Object.assign(new PassThrough(), { isTTY: tty });
    const view = new LiveView(out);
    for (let update = 0; update < updates; update++) view.update(point, phase, 5);
    return String(out.read() ?? '');
  }

  it('prints one line per update when stdout is not a terminal', () => {
    expect(written(false, 2)).toBe(`${liveLine(point, phase)}\n`.repeat(2));
    expect(liveLine(point, phase)).toBe(
      '  3 s  shopping fails every call  |  shopping 80/s 100.0% open · comments 80/s 0.0% closed · boards 0/s - closed · images 80/s 0.0% -  |  library 0% failed p99 4.3 ms · naive 100% failed p99 2.0 ms',
    );
  });

  it('redraws the table in place on a terminal', () => {
    const text = written(true, 2);
    const [first, second] = text.split('\x1b[9F');
    expect(second).toBe(first);
    expect(first?.split('\n').filter((line) => line !== '')).toEqual([
      '\x1b[2Kphase 2/5: shopping fails every call   (3 s)',
      '\x1b[2K  owner      calls/s   degraded   breaker      (library mode, from its metrics)',
      '\x1b[2K  shopping      80.0     100.0%   open',
      '\x1b[2K  comments      80.0       0.0%   closed',
      '\x1b[2K  boards         0.0          -   closed',
      '\x1b[2K  images        80.0       0.0%   -',
      '\x1b[2K  mode        req/s     failed    p99 ms     (failed: 5xx or no answer)',
      '\x1b[2K  library       80.0         0%       4.3',
      '\x1b[2K  naive         80.0       100%       2.0',
    ]);
  });

  it('adds the brownout level, what it shed and the library goodput, when the API browns out', () => {
    const browning: TimelinePoint = {
      ...point,
      owners: { ...point.owners, comments: { ...point.owners.comments, shedPercent: 100 }, boards: { ...point.owners.boards, shedPercent: 37.5 } },
      modes: { ...point.modes, library: { ...point.modes.library, goodput: 0.964 } },
      brownout: { level: 2.75, shedClasses: ['tier 3/low 100%', 'tier 2/low 100%', 'tier 3/normal 75%'] },
    };
    expect(brownoutNote(browning)).toBe('level 2.8/6, shed comments 100% boards 38%, library goodput 96%');
    expect(liveTable(browning, phase, 7).at(-1)).toBe('  brownout  level 2.8/6, shed comments 100% boards 38%, library goodput 96%');
    expect(liveLine(browning, phase).endsWith('  |  brownout level 2.8/6, shed comments 100% boards 38%, library goodput 96%')).toBe(true);
    expect(brownoutNote({ ...browning, owners: point.owners, brownout: { level: 0, shedClasses: [] } })).toBe('level 0/6, nothing shed, library goodput 96%');
    expect(liveTable(point, phase, 7)).toHaveLength(9);
  });
});
