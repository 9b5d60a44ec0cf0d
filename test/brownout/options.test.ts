/**
 * Brownout's inputs, validated: the `tier` option of a dependency (consistent with `critical`), a request's
 * `priority` (degradationScope, Express, Fastify), and `configure({ brownout })`. Bad input is a `TypeError`
 * that names the value and the fix; a bad answer of a `priority` function never fails the request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  configure,
  DEFAULT_BROWNOUT_OPTIONS,
  degradationScope,
  fieldDependency,
  fieldDependencyExpress,
  fieldDependencyFastify,
  fieldDependencyOf,
  type DependencyTier,
  type RequestPriority,
} from 'field-dependency';
import { brownout } from '../../src/brownout/brownoutState.js';
import { currentContext } from '../../src/scope/callContext.js';
import { useFreshMetricsRegistry } from 'field-dependency/testing';

let unique = 0;
const name = (): string => `tiered-${++unique}`;

afterEach(() => {
  configure({ brownout: false });
});

describe('the tier option', () => {
  it('defaults to 2, or 1 for a critical dependency; tier 0 or 1 alone makes it critical', () => {
    const declared = (options: { critical?: boolean; tier?: DependencyTier }) =>
      fieldDependencyOf(fieldDependency(Array, { owner: 'tiers', name: name(), ...options })(async () => []));
    expect(declared({})).toMatchObject({ critical: false, tier: 2 });
    expect(declared({ critical: true })).toMatchObject({ critical: true, tier: 1, breaker: false });
    expect(declared({ tier: 3 })).toMatchObject({ critical: false, tier: 3 });
    expect(declared({ tier: 0 })).toMatchObject({ critical: true, tier: 0, breaker: false });
    expect(declared({ tier: 1 })).toMatchObject({ critical: true, tier: 1 });
    expect(declared({ critical: true, tier: 0 })).toMatchObject({ critical: true, tier: 0 });
    expect(declared({ critical: false, tier: 3 })).toMatchObject({ critical: false, tier: 3 });
  });

  it('a tier that contradicts critical is a TypeError naming both and the fix', () => {
    const declare = (options: Record<string, unknown>) => () => fieldDependency(Array, { owner: 'tiers', name: name(), ...options } as never);
    expect(declare({ critical: true, tier: 2 })).toThrow(
      new TypeError(
        'fieldDependency: option `tier: 2` (optional, may be shed) contradicts `critical: true`; a critical dependency is tier 0 or 1: set `tier: 1` (or leave it out), or `critical: false` if the page can do without it',
      ),
    );
    expect(declare({ critical: false, tier: 1 })).toThrow(
      new TypeError(
        'fieldDependency: option `tier: 1` (may take the site down, never shed) contradicts `critical: false`; set `tier: 2` or `3` for an optional dependency, or `critical: true` (or leave `critical` out) for a critical one',
      ),
    );
    expect(declare({ tier: 0, fallback: () => [] })).toThrow(/option `fallback` has no effect on a critical dependency \(`critical: true`, or tier 0 or 1\)/);
  });

  for (const bad of [4, -1, 2.5, '3', null, Number.NaN]) {
    it(`tier ${String(bad)} (${typeof bad}) is a TypeError naming it`, () => {
      expect(() => fieldDependency(Array, { owner: 'tiers', name: name(), tier: bad as never })).toThrow(
        /^fieldDependency: option `tier` must be 0, 1 \(critical: may take the site down\), 2 or 3 \(optional: brownout sheds tier 3 first\); received /,
      );
    });
  }

  it('declaring the same field again with another tier warns, like any other differing option', () => {
    const field = name();
    fieldDependency(Array, { owner: 'tiers', name: field, tier: 3 })(async () => []);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      fieldDependency(Array, { owner: 'tiers', name: field, tier: 2 })(async () => []);
      expect(warn.mock.calls.map(([warning]) => String(warning))).toEqual([expect.stringContaining(`field '${field}' (owner 'tiers') is declared twice with different options`)]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('request priority', () => {
  it('degradationScope records it, normal by default', () => {
    const priorityHere = (): RequestPriority | undefined => currentContext()?.request?.priority;
    expect(degradationScope(priorityHere, { endpoint: '/p' })).toBe('normal');
    for (const priority of ['high', 'normal', 'low'] as const) expect(degradationScope(priorityHere, { endpoint: '/p', priority })).toBe(priority);
  });

  for (const bad of ['urgent', 'LOW', 0, null, {}]) {
    it(`degradationScope refuses priority ${JSON.stringify(bad)} with a TypeError naming it`, () => {
      expect(() => degradationScope(() => 1, { endpoint: '/p', priority: bad as never })).toThrow(
        /^degradationScope: option `priority` must be one of 'high', 'normal', 'low' or undefined \(then 'normal'\); received /,
      );
    });
  }

  it('the Express middleware and the Fastify plugin refuse a priority option that is not a function', async () => {
    expect(() => fieldDependencyExpress({ priority: 'low' as never })).toThrow(
      /^fieldDependencyExpress: option `priority` must be a function \(request\) => 'high' \| 'normal' \| 'low' \| undefined; received "low"$/,
    );
    const app = Fastify();
    await expect(app.register(fieldDependencyFastify, { priority: 3 as never }).ready()).rejects.toThrow(/^fieldDependencyFastify: option `priority` must be a function/);
    await app.close();
  });

  it('reads each request priority from the request; a bad answer or a throw counts as normal, with one warning, never failing the request', async () => {
    useFreshMetricsRegistry();
    const warnings: string[] = [];
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation((warning) => void warnings.push(String(warning)));
    const app = express();
    app.use(
      fieldDependencyExpress({
        priority: (req) => {
          const given = req.headers['x-priority'];
          if (given === 'throw') throw new Error('no priority today');
          return given as RequestPriority | undefined;
        },
      }),
    );
    app.get('/priority', (_req, res) => {
      res.send(currentContext()?.request?.priority ?? 'none');
    });
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const ask = async (header?: string): Promise<string> =>
      (await fetch(`http://127.0.0.1:${port}/priority`, { headers: header === undefined ? {} : { 'x-priority': header } })).text();
    try {
      expect(await ask('low')).toBe('low');
      expect(await ask('high')).toBe('high');
      expect(await ask()).toBe('normal');
      expect(await ask('urgent')).toBe('normal');
      expect(await ask('throw')).toBe('normal');
      expect(await ask('urgent')).toBe('normal');
    } finally {
      warn.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
    // One warning for the integration, naming the bad value; the second bad answer is not repeated.
    expect(warnings).toEqual([
      "fieldDependencyExpress: option `priority` must be one of 'high', 'normal', 'low' or undefined (then 'normal'); received \"urgent\"; the request counts as 'normal'",
    ]);
  });
});

describe('configure({ brownout })', () => {
  it('turns brownout on with the defaults and off again with false', () => {
    configure({ brownout: {} });
    expect(brownout.on).toBe(true);
    configure({ brownout: false });
    expect(brownout).toEqual({ on: false, level: 0 });
    expect(DEFAULT_BROWNOUT_OPTIONS).toEqual({
      latencyPercentile: 90,
      maxEventLoopDelayMs: 50,
      maxEventLoopUtilization: 0.9,
      intervalMs: 1000,
      shedGain: 1,
      maxShedStep: 3,
      recoverBelow: 0.8,
      recoverGain: 2,
      maxRecoverStep: 1,
      recoverAfter: 2,
    });
  });

  const bad: [string, unknown, string][] = [
    ['brownout', true, 'configure: option `brownout` must be an object such as { targetLatencyMs: 250 }, or false to turn it off; received boolean true'],
    ['brownout', [], 'configure: option `brownout` must be an object such as { targetLatencyMs: 250 }, or false to turn it off; received an array of 0'],
    [
      'brownout.targetLatency',
      { targetLatency: 200 },
      'configure: unknown option `brownout.targetLatency`; expected one of targetLatencyMs, latencyPercentile, maxEventLoopDelayMs, maxEventLoopUtilization, intervalMs, shedGain, maxShedStep, recoverBelow, recoverGain, maxRecoverStep, recoverAfter',
    ],
    ['brownout.targetLatencyMs', { targetLatencyMs: 0 }, 'configure: option `brownout.targetLatencyMs` must be milliseconds from 1 to 3600000; received number 0'],
    ['brownout.targetLatencyMs', { targetLatencyMs: '200' }, 'configure: option `brownout.targetLatencyMs` must be milliseconds from 1 to 3600000; received "200"'],
    ['brownout.intervalMs', { intervalMs: 5 }, 'configure: option `brownout.intervalMs` must be a whole number of milliseconds from 10 to 60000; received number 5'],
    ['brownout.intervalMs', { intervalMs: 100.5 }, 'configure: option `brownout.intervalMs` must be a whole number of milliseconds from 10 to 60000; received number 100.5'],
    ['brownout.latencyPercentile', { latencyPercentile: 0.99 }, 'configure: option `brownout.latencyPercentile` must be a percentile from 50 to 100; received number 0.99'],
    ['brownout.recoverBelow', { recoverBelow: 1 }, 'configure: option `brownout.recoverBelow` must be a share of the objective from 0.1 to 0.99; received number 1'],
    ['brownout.maxShedStep', { maxShedStep: Number.NaN }, 'configure: option `brownout.maxShedStep` must be classes from 0.01 to 6; received number NaN'],
    ['brownout.maxEventLoopUtilization', { maxEventLoopUtilization: 90 }, 'configure: option `brownout.maxEventLoopUtilization` must be a share of the interval (1: off) from 0.5 to 1; received number 90'],
    ['brownout.maxEventLoopUtilization', { maxEventLoopUtilization: 0.2 }, 'configure: option `brownout.maxEventLoopUtilization` must be a share of the interval (1: off) from 0.5 to 1; received number 0.2'],
    ['brownout.recoverAfter', { recoverAfter: 0 }, 'configure: option `brownout.recoverAfter` must be a whole number of intervals from 1 to 100; received number 0'],
  ];
  for (const [option, value, message] of bad) {
    it(`rejects ${option} = ${JSON.stringify(value)} with a TypeError, changing nothing`, () => {
      configure({ brownout: { targetLatencyMs: 300 } });
      expect(() => configure({ brownout: value as never, maxEndpoints: 5 })).toThrow(new TypeError(message));
      // Still on, as before the rejected call.
      expect(brownout.on).toBe(true);
    });
  }
});
