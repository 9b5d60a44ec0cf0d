import { goodput, type GoodputCriteria } from '../load/goodput.js';
import { percentile } from '../load/percentile.js';
import type { DemoMode } from '../pins-api/startPinsApi.js';
import { UPSTREAM_NAMES, type UpstreamName } from '../pins-api/upstreams/UpstreamName.js';
import type { BreakerState, BrownoutSnapshot, MetricsSnapshot } from './MetricsSampler.js';
import type { RequestSample } from '../load/RequestSample.js';

/** One mode's traffic over a time window. */
export interface ModePoint {
  /** Requests answered (or given up) in the window. */
  readonly requests: number;
  /** Of those, the 5xx and the ones without an answer. */
  readonly failed: number;
  /** 99th percentile latency in milliseconds; `undefined` without requests. */
  readonly p99: number | undefined;
  /**
   * Goodput: the share of page requests (bad requests left out) answered 2xx within the demo's SLO with
   * every critical field, 0 to 1; `undefined` without any.
   */
  readonly goodput: number | undefined;
}

/** One owner's dependency calls over a time window, from the library API's metrics. */
export interface OwnerPoint {
  readonly callsPerSecond: number;
  /** Share of calls that degraded (or failed, for a critical field), 0 to 100; `undefined` without calls. */
  readonly degradedPercent: number | undefined;
  /** Share of calls shed by brownout, 0 to 100; `undefined` without calls. */
  readonly shedPercent: number | undefined;
  readonly breaker: BreakerState | undefined;
  /** The lowest decider value of the owner's fields at the window's end; absent without deciders. */
  readonly decider?: number;
}

/** The demo's state over one window (one second): a line of the live table, a point of the report's charts. */
export interface TimelinePoint {
  /** The window's end, in milliseconds since the demo started. */
  readonly at: number;
  /** The window's length, in seconds. */
  readonly seconds: number;
  /** The index of the phase running at `at`. */
  readonly phase: number;
  readonly modes: Readonly<Record<DemoMode, ModePoint>>;
  readonly owners: Readonly<Record<UpstreamName, OwnerPoint>>;
  /** The library API's brownout at the window's end; absent when brownout is off. */
  readonly brownout?: BrownoutSnapshot;
}

/**
 * The point for the window `(from, to]`: requests by the time their answer came (good ones by
 * `criteria`), dependency calls from the two metrics snapshots that bound the window.
 */
export function timelinePoint(
  window: { readonly from: number; readonly to: number; readonly phase: number },
  samples: readonly RequestSample[],
  metrics: { readonly start: MetricsSnapshot | undefined; readonly end: MetricsSnapshot | undefined },
  criteria: GoodputCriteria,
): TimelinePoint {
  const modes = { library: modePoint(samples, 'library', window, criteria), naive: modePoint(samples, 'naive', window, criteria) };
  const owners = {} as Record<UpstreamName, OwnerPoint>;
  const { start, end } = metrics;
  const seconds = start !== undefined && end !== undefined ? (end.at - start.at) / 1000 : 0;
  for (const owner of UPSTREAM_NAMES) {
    const calls = start !== undefined && end !== undefined ? end.owners[owner].calls - start.owners[owner].calls : 0;
    const degraded = start !== undefined && end !== undefined ? end.owners[owner].degraded - start.owners[owner].degraded : 0;
    const shed = start !== undefined && end !== undefined ? end.owners[owner].shed - start.owners[owner].shed : 0;
    owners[owner] = {
      callsPerSecond: seconds > 0 ? calls / seconds : 0,
      degradedPercent: calls > 0 ? (100 * degraded) / calls : undefined,
      shedPercent: calls > 0 ? (100 * shed) / calls : undefined,
      breaker: end?.owners[owner].breaker,
      ...(end?.owners[owner].decider === undefined ? {} : { decider: end.owners[owner].decider }),
    };
  }
  return {
    at: window.to,
    seconds: (window.to - window.from) / 1000,
    phase: window.phase,
    modes,
    owners,
    ...(end?.brownout === undefined ? {} : { brownout: end.brownout }),
  };
}

function modePoint(samples: readonly RequestSample[], mode: DemoMode, window: { readonly from: number; readonly to: number }, criteria: GoodputCriteria): ModePoint {
  const mine: RequestSample[] = [];
  let failed = 0;
  for (const sample of samples) {
    const answeredAt = sample.sentAt + sample.latencyMs;
    if (sample.mode !== mode || answeredAt <= window.from || answeredAt > window.to) continue;
    mine.push(sample);
    if (sample.outcome === 'no answer' || sample.outcome >= 500) failed++;
  }
  // Bad requests (4xx, on purpose in the demo's mix) are left out of goodput: no answer could be better.
  const pages = mine.filter((sample) => sample.outcome === 'no answer' || sample.outcome < 400 || sample.outcome >= 500);
  return { requests: mine.length, failed, p99: percentile(mine.map((sample) => sample.latencyMs), 99), goodput: goodput(pages, criteria).share };
}
