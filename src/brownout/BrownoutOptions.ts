import { describe } from '../fallback/emptyValues.js';

/** Options of `configure({ brownout })`: the process's brownout controller (docs/brownout.md). */
export interface BrownoutOptions {
  /**
   * The request latency objective, in milliseconds: the controller sheds while the `latencyPercentile` of
   * the requests that ended in the last interval (measured by `degradationScope` and the Express, Fastify
   * and GraphQL integrations, from start to response end), and of the ages of those still in flight since
   * before it, is above it.
   * @default none: only the event-loop delay is watched
   */
  readonly targetLatencyMs?: number | undefined;
  /**
   * The percentile of the interval's request latencies compared with `targetLatencyMs`, from 50 to 100.
   * @default 90
   */
  readonly latencyPercentile?: number | undefined;
  /**
   * The event-loop delay (its 99th percentile over the interval, `perf_hooks.monitorEventLoopDelay`) above
   * which the process counts as overloaded, in milliseconds.
   * @default 50
   */
  readonly maxEventLoopDelayMs?: number | undefined;
  /**
   * The event-loop utilisation (the share of the interval the loop was busy, `performance.eventLoopUtilization`)
   * above which the process counts as saturated, from 0.5 to 1; 1 turns this signal off. A CPU-bound overload
   * shows here first: requests queue in the kernel before the scopes see them, so the request latency they
   * measure stays low while the loop never idles. Pressure 1 at this value, 2 when the loop never idled.
   * @default 0.9
   */
  readonly maxEventLoopUtilization?: number | undefined;
  /**
   * How often the controller samples the signals and sets the level, in milliseconds (10 to 60000). It looks
   * at the event loop every quarter interval, and samples at once after a quarter the loop was saturated.
   * @default 1000
   */
  readonly intervalMs?: number | undefined;
  /**
   * Classes shed per interval per unit of overload: at pressure `p` > 1 (the worst of the three signals,
   * each as a share of its objective) the level rises by `shedGain × (p − 1)`, at most `maxShedStep`.
   * @default 1
   */
  readonly shedGain?: number | undefined;
  /**
   * The most the level rises in one interval, in classes.
   * @default 3
   */
  readonly maxShedStep?: number | undefined;
  /**
   * The pressure below which the level falls; between it and 1 the level holds (the dead band where the
   * controller settles under a steady overload instead of oscillating). From 0.1 to 0.99.
   * @default 0.8
   */
  readonly recoverBelow?: number | undefined;
  /**
   * Classes restored per interval per unit of headroom: at pressure `p` below `recoverBelow` the level
   * falls by `recoverGain × (1 − p)`, at most `maxRecoverStep`.
   * @default 2
   */
  readonly recoverGain?: number | undefined;
  /**
   * The most the level falls in one interval, in classes. With the defaults, every class shed is back
   * within 7 intervals of the load going away.
   * @default 1
   */
  readonly maxRecoverStep?: number | undefined;
  /**
   * How many intervals in a row the pressure must stay below `recoverBelow` before the level falls (the
   * hysteresis that keeps one quiet interval from restoring fields into an overload).
   * @default 2
   */
  readonly recoverAfter?: number | undefined;
}

/** The controller's settings: every {@link BrownoutOptions} with its default applied. */
export interface BrownoutSettings {
  readonly targetLatencyMs: number | undefined;
  readonly latencyPercentile: number;
  readonly maxEventLoopDelayMs: number;
  readonly maxEventLoopUtilization: number;
  readonly intervalMs: number;
  readonly shedGain: number;
  readonly maxShedStep: number;
  readonly recoverBelow: number;
  readonly recoverGain: number;
  readonly maxRecoverStep: number;
  readonly recoverAfter: number;
}

/** The defaults of {@link BrownoutOptions}. */
export const DEFAULT_BROWNOUT_OPTIONS = Object.freeze({
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
}) satisfies BrownoutOptions;

/** Each option's bounds (inclusive), whether it is a whole number, and what it is, for the error message. */
const BOUNDS: Readonly<Record<keyof BrownoutOptions, readonly [number, number, boolean, string]>> = {
  targetLatencyMs: [1, 3_600_000, false, 'milliseconds'],
  latencyPercentile: [50, 100, false, 'a percentile'],
  maxEventLoopDelayMs: [1, 60_000, false, 'milliseconds'],
  maxEventLoopUtilization: [0.5, 1, false, 'a share of the interval (1: off)'],
  intervalMs: [10, 60_000, true, 'a whole number of milliseconds'],
  shedGain: [0.01, 100, false, 'classes per unit of overload'],
  maxShedStep: [0.01, 6, false, 'classes'],
  recoverBelow: [0.1, 0.99, false, 'a share of the objective'],
  recoverGain: [0.01, 100, false, 'classes per unit of headroom'],
  maxRecoverStep: [0.01, 6, false, 'classes'],
  recoverAfter: [1, 100, true, 'a whole number of intervals'],
};

/**
 * The settings of `options` with the defaults applied, after checking every option: a `TypeError` names
 * the option, what was expected and what was received (an unknown option included).
 */
export function resolveBrownoutOptions(options: unknown): BrownoutSettings {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`configure: option \`brownout\` must be an object such as { targetLatencyMs: 250 }, or false to turn it off; received ${describe(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(BOUNDS, key)) {
      throw new TypeError(`configure: unknown option \`brownout.${key}\`; expected one of ${Object.keys(BOUNDS).join(', ')}`);
    }
  }
  for (const [key, [lowest, highest, whole, unit]] of Object.entries(BOUNDS)) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= lowest && value <= highest) || (whole && !Number.isInteger(value))) {
      throw new TypeError(`configure: option \`brownout.${key}\` must be ${unit} from ${lowest} to ${highest}; received ${describe(value)}`);
    }
  }
  return Object.freeze({ ...DEFAULT_BROWNOUT_OPTIONS, targetLatencyMs: undefined, ...withoutUndefined(given) } as BrownoutSettings);
}

function withoutUndefined(given: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}
