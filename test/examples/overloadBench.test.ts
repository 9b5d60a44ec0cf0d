/**
 * The parts of `npm run bench:overload` and of the demo's overload phase: the open-loop schedule,
 * goodput, the brownout level read from a scrape, the level trace's recovery and reversals, the prefetch
 * mix (pure), and the open-loop generator against a real server on 127.0.0.1 (a fake clock for its schedule).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { brownoutLevel, shedClasses } from '../../examples/load/brownoutLevel.js';
import { goodput, type GoodputSample } from '../../examples/load/goodput.js';
import { OpenLoopGenerator } from '../../examples/load/OpenLoopGenerator.js';
import { PRIORITY_HEADER, requestPriority } from '../../examples/pins-api/request/requestPriority.js';
import { checkStages, dueAt, dueBy, scheduledRequests, scheduleMs, stageAt, type LoadStage } from '../../examples/load/openLoopSchedule.js';
import { isPrefetch, prefetchMix } from '../../examples/load/prefetchMix.js';
import { parsePrometheusText } from '../../examples/load/prometheusText.js';
import { formatTrace, recoveryMs, reversals, type LevelPoint } from '../../examples/load/levelTrace.js';
import { METRIC_NAMES } from '../../src/contract/metricNames.js';

describe('the open-loop schedule', () => {
  const stages: LoadStage[] = [
    { ratePerSecond: 10, seconds: 1 },
    { ratePerSecond: 20, seconds: 0.5 },
    { ratePerSecond: 0, seconds: 1 },
    { ratePerSecond: 4, seconds: 1 },
  ];

  it('spaces requests evenly within a stage, whatever happened to the earlier ones', () => {
    expect(scheduledRequests(stages)).toBe(24);
    expect(scheduleMs(stages)).toBe(3500);
    expect([0, 1, 9, 10, 11, 19, 20, 23, 24].map((sequence) => dueAt(stages, sequence))).toEqual([0, 100, 900, 1000, 1050, 1450, 2500, 3250, undefined]);
    expect(dueAt(stages, -1)).toBeUndefined();
  });

  it('counts the requests due at a moment, the same ones dueAt says', () => {
    expect([-1, 0, 99, 100, 999, 1000, 1049, 1050, 1499, 1500, 2499, 2500, 3499, 10_000].map((at) => dueBy(stages, at))).toEqual([0, 1, 1, 2, 10, 11, 11, 12, 20, 20, 20, 21, 24, 24]);
    for (let sequence = 0; sequence < scheduledRequests(stages); sequence++) {
      const at = dueAt(stages, sequence) as number;
      expect(dueBy(stages, at)).toBe(sequence + 1);
      expect(dueBy(stages, at - 0.01)).toBe(sequence);
    }
  });

  it('starts late after a silent stage, and counts a fractional stage by the arrivals it starts', () => {
    const late: LoadStage[] = [
      { ratePerSecond: 0, seconds: 1 },
      { ratePerSecond: 3, seconds: 0.5 },
      { ratePerSecond: 10, seconds: 0.2 },
    ];
    expect(dueBy(late, 500)).toBe(0);
    expect(dueAt(late, 0)).toBe(1000);
    expect(dueBy(late, 1000)).toBe(1);
    // 1.5 arrivals in the second stage: requests 0 and 1 (at 1333 ms), then 2 when the third reaches 2 arrivals.
    expect([0, 1, 2, 3].map((sequence) => dueAt(late, sequence))).toEqual([1000, 1000 + 1000 / 3, 1550, 1650]);
    expect(scheduledRequests(late)).toBe(4);
  });

  it('names the stage running at a moment', () => {
    expect([-1, 0, 999, 1000, 1500, 3499, 3500].map((at) => stageAt(stages, at))).toEqual([undefined, 0, 0, 1, 2, 3, undefined]);
  });

  it('rejects a schedule it cannot pace, naming the stage and the value', () => {
    expect(() => checkStages([])).toThrow(/at least one stage/);
    expect(() => checkStages([{ ratePerSecond: 10, seconds: 1 }, { ratePerSecond: -1, seconds: 1 }])).toThrow('stage 1: ratePerSecond must be a finite number ≥ 0; received -1');
    expect(() => checkStages([{ ratePerSecond: 10, seconds: 0 }])).toThrow('stage 0: seconds must be a finite number > 0; received 0');
    expect(() => checkStages([{ ratePerSecond: Infinity, seconds: 1 }])).toThrow(/received Infinity/);
    expect(() => checkStages(stages)).not.toThrow();
  });
});

describe('goodput', () => {
  const criteria = { sloMs: 20, criticalFields: ['images'] };
  const sample = (outcome: number | 'no answer', latencyMs: number, degraded: string[] = []): GoodputSample => ({ outcome, latencyMs, degraded });

  it('counts the answers 2xx within the SLO with every critical field, each other request once by its first fault', () => {
    const samples = [
      sample(200, 5),
      sample(200, 20, ['shopping', 'comments']),
      sample(204, 1),
      sample(200, 21),
      sample(200, 3, ['images']),
      sample(200, 50, ['images']),
      sample(503, 2, ['images']),
      sample(500, 2),
      sample(404, 1),
      sample('no answer', 2000),
    ];
    expect(goodput(samples, criteria)).toEqual({ requests: 10, good: 3, share: 0.3, late: 1, failed: 4, criticalMissing: 2 });
  });

  it('has no share without requests, and rejects an SLO that is not a positive number', () => {
    expect(goodput([], criteria)).toMatchObject({ requests: 0, good: 0, share: undefined });
    expect(() => goodput([], { ...criteria, sloMs: 0 })).toThrow('goodput: sloMs must be a finite number above 0; received 0');
    expect(() => goodput([], { ...criteria, sloMs: Number.NaN })).toThrow(/received NaN/);
  });
});

describe('the brownout level from a scrape', () => {
  const scrape = (ratios: Record<string, number>) =>
    parsePrometheusText(
      [
        `# TYPE ${METRIC_NAMES.brownoutAdmitted} gauge`,
        ...Object.entries(ratios).map(([key, value]) => {
          const [tier, priority] = key.split('/');
          return `${METRIC_NAMES.brownoutAdmitted}{tier="${tier}",priority="${priority}"} ${value}`;
        }),
        `${METRIC_NAMES.calls}{field="board",owner="boards",critical="false",outcome="shed"} 12`,
      ].join('\n'),
    );
  const full = { '3/high': 1, '2/high': 1, '3/normal': 1, '2/normal': 1, '3/low': 1, '2/low': 1 };

  it('is the number of classes shed, a partly shed class counting its share', () => {
    expect(brownoutLevel(scrape(full))).toBe(0);
    expect(brownoutLevel(scrape({ ...full, '3/low': 0, '2/low': 0, '3/normal': 0.25 }))).toBe(2.75);
    expect(brownoutLevel(scrape({ '3/high': 0, '2/high': 0, '3/normal': 0, '2/normal': 0, '3/low': 0, '2/low': 0 }))).toBe(6);
    // Out-of-range values are held to [0, 1].
    expect(brownoutLevel(scrape({ ...full, '3/low': 1.5, '2/low': -1 }))).toBe(1);
  });

  it('is undefined without the gauge (brownout off), and names the classes shed, most first', () => {
    expect(brownoutLevel(parsePrometheusText(`${METRIC_NAMES.calls}{field="board",owner="boards",critical="false",outcome="success"} 3\n`))).toBeUndefined();
    expect(shedClasses(scrape(full))).toEqual([]);
    expect(shedClasses(scrape({ ...full, '3/low': 0, '2/low': 0.4 }))).toEqual(['tier 3/low 100%', 'tier 2/low 60%']);
  });
});

describe('the level trace', () => {
  const trace = (levels: number[], stepMs = 1000): LevelPoint[] => levels.map((level, index) => ({ at: index * stepMs, level }));

  it('recovers when the level is back at full service for good, counted from the load going back to normal', () => {
    expect(recoveryMs(trace([0, 2, 3, 3, 2, 1, 0, 0, 0]), 4000)).toBe(2000);
    expect(recoveryMs(trace([0, 2, 3, 0, 1, 0, 0]), 3000)).toBe(2000);
    expect(recoveryMs(trace([0, 2, 3, 0.005, 0, 0]), 3000)).toBe(0);
    expect(recoveryMs(trace([0, 0, 0, 0]), 1000)).toBe(0);
    expect(recoveryMs(trace([0, 2, 3, 1]), 2000)).toBeUndefined();
    expect(recoveryMs(trace([0, 2]), 5000)).toBeUndefined();
  });

  it('counts the reversals of at least a swing, not the noise below it', () => {
    expect(reversals(trace([0, 1, 2, 3, 3.2, 3.1, 3.3, 3.2]), 0, 10_000)).toBe(0);
    expect(reversals(trace([0, 3, 1, 3, 1, 3]), 0, 10_000)).toBe(4);
    expect(reversals(trace([3, 3, 2, 2.6, 1, 0]), 0, 10_000)).toBe(2);
    expect(reversals(trace([0, 3, 1, 3, 1, 3]), 2000, 4000)).toBe(1);
    expect(reversals(trace([0, 3, 1, 3]), 0, 10_000, 5)).toBe(0);
  });

  it('prints one level per point', () => {
    expect(formatTrace(trace([0, 1.26, 3, 0.04]))).toBe('0 1.3 3 0');
  });
});

describe('the prefetch mix', () => {
  it('marks an even share of the requests low priority, not the board pages at ¼', () => {
    const mix = prefetchMix(0.25);
    const first = Array.from({ length: 8 }, (_, sequence) => mix(sequence));
    expect(first.map((request) => request.priority)).toEqual(['normal', 'low', 'normal', 'normal', 'normal', 'low', 'normal', 'normal']);
    expect(first.filter((request) => request.path.includes('/boards/')).every((request) => request.priority === 'normal')).toBe(true);
    for (const share of [0, 0.1, 0.25, 0.5, 1]) {
      const low = Array.from({ length: 1000 }, (_, sequence) => isPrefetch(sequence, share)).filter(Boolean).length;
      expect(low).toBe(1000 * share);
    }
  });

  it('rejects a share outside 0 to 1', () => {
    expect(() => prefetchMix(1.5)).toThrow('prefetchMix: lowShare must be a number from 0 to 1; received 1.5');
    expect(() => prefetchMix(Number.NaN)).toThrow(/received NaN/);
  });
});

describe('OpenLoopGenerator', () => {
  it('sends the whole schedule to a real server, each request with its priority, and records every answer from when it was due', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers[PRIORITY_HEADER] as string | undefined);
      const failing = request.url === '/fail';
      response.writeHead(failing ? 503 : 200, failing ? {} : { 'x-degraded-fields': 'comments, shopping' }).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let now = 1000;
    const clock = () => (now += 0.5);
    const stages = [
      { ratePerSecond: 200, seconds: 0.05 },
      { ratePerSecond: 100, seconds: 0.05 },
    ];
    const generator = new OpenLoopGenerator(url, clock, {
      stages,
      timeoutMs: 5000,
      request: (sequence) => ({ path: sequence === 3 ? '/fail' : '/page', priority: sequence % 5 === 0 ? 'low' : sequence % 5 === 1 ? 'high' : 'normal' }),
      maxSockets: 4,
    });
    await generator.run();
    server.close();

    expect(generator.sent).toBe(scheduledRequests(stages));
    expect(generator.samples).toHaveLength(15);
    expect(seen.filter((priority) => priority === 'low')).toHaveLength(3);
    expect(seen.filter((priority) => priority === 'high')).toHaveLength(3);
    expect(seen.filter((priority) => priority === undefined)).toHaveLength(9);
    const sentAts = generator.samples.map((sample) => sample.sentAt - generator.startedAt).sort((a, b) => a - b);
    expect(sentAts).toEqual(Array.from({ length: 15 }, (_, sequence) => dueAt(stages, sequence)));
    for (const sample of generator.samples) {
      expect(sample.latencyMs).toBeGreaterThan(0);
      expect(sample.degraded).toEqual(sample.outcome === 503 ? [] : ['comments', 'shopping']);
    }
    expect(generator.samples.filter((sample) => sample.outcome === 503)).toHaveLength(1);
    expect(generator.maxLagMs).toBeGreaterThanOrEqual(0);
  });

  it('counts a request the server never answers as no answer after the timeout', async () => {
    const server = createServer(() => undefined);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const generator = new OpenLoopGenerator(url, () => performance.now(), { stages: [{ ratePerSecond: 100, seconds: 0.02 }], timeoutMs: 50, request: () => ({ path: '/', priority: 'normal' }) });
    await generator.run();
    server.closeAllConnections();
    server.close();
    expect(generator.samples.map((sample) => sample.outcome)).toEqual(['no answer', 'no answer']);
  });

  it('rejects options it cannot run, naming them', () => {
    const request = () => ({ path: '/', priority: 'normal' as const });
    expect(() => new OpenLoopGenerator('http://127.0.0.1:1', () => 0, { stages: [], timeoutMs: 1, request })).toThrow(/at least one stage/);
    expect(() => new OpenLoopGenerator('http://127.0.0.1:1', () => 0, { stages: [{ ratePerSecond: 1, seconds: 1 }], timeoutMs: 0, request })).toThrow('OpenLoopGenerator: timeoutMs must be a number above 0; received 0');
    expect(() => new OpenLoopGenerator('http://127.0.0.1:1', () => 0, { stages: [{ ratePerSecond: 1, seconds: 1 }], timeoutMs: 1, request, maxSockets: 0 })).toThrow(
      'OpenLoopGenerator: maxSockets must be a whole number of at least 1; received 0',
    );
  });
});

describe("the pins API's x-priority header", () => {
  it('reads high, normal and low, and nothing else (the runtime then takes normal)', () => {
    expect(['high', 'normal', 'low', 'LOW', 'urgent', '', undefined, ['low']].map((header) => requestPriority(header))).toEqual(['high', 'normal', 'low', undefined, undefined, undefined, undefined, undefined]);
  });
});
