/** The settings of an {@link AdaptiveLimit}; `concurrencyLimit: { adaptive: true, … }` gives the first four. */
export interface AdaptiveLimitSettings {
  /** The limit before the first window closes. */
  readonly initial: number;
  /** The limit never falls below this. */
  readonly min: number;
  /** The limit never rises above this. */
  readonly max: number;
  /** How many times its normal latency a dependency may take before its limit falls (more than 1). */
  readonly tolerance: number;
  /** The shortest window of samples, in milliseconds of the clock given to {@link AdaptiveLimit.onSample}. */
  readonly windowMs: number;
  /** The fewest samples a window closes with (a quiet dependency's windows last longer). */
  readonly minSamples: number;
  /** How many windows the baseline takes to follow a latency that rose (it follows a fall within {@link BASELINE_FALL_WINDOWS}). */
  readonly baselineWindows: number;
}

/** The settings `concurrencyLimit: { adaptive: true, … }` does not expose: one-second windows of 10 calls or more, a ten-minute baseline. */
export const ADAPTIVE_WINDOW_DEFAULTS = Object.freeze({
  windowMs: 1000,
  minSamples: 10,
  baselineWindows: 600,
}) satisfies Partial<AdaptiveLimitSettings>;

/** The baseline follows a latency that fell within about this many windows (it rises over `baselineWindows`). */
export const BASELINE_FALL_WINDOWS = 10;
/** A window where more than this share of the calls timed out or failed is congested, whatever its latency. */
export const DROP_SHARE = 0.1;
/**
 * Latencies under this many milliseconds count as this: a loader answering in microseconds (a cache) is not
 * congested when a window's mean takes a few hundred microseconds more (a garbage collection).
 */
export const LATENCY_FLOOR_MS = 1;
/** The most a limit falls in one window (to half). */
const MIN_GRADIENT = 0.5;
/** The factor a limit falls by for a window congested by drops alone. */
const DROP_BACKOFF = 0.9;

/**
 * The adaptive concurrency limit of one dependency, a pure function of the samples it is given (the clock
 * is the caller's: `now` of each sample), after Netflix's concurrency-limits (Gradient2, AIMD) and Envoy's
 * adaptive concurrency. Samples are gathered in windows (at least `windowMs` and `minSamples`); when one
 * closes, its mean latency (the short window) is compared with the dependency's normal latency (the
 * baseline, a long-window average that rises slowly and falls fast), both in milliseconds, at least
 * {@link LATENCY_FLOOR_MS}:
 *
 * - above `tolerance` × baseline, or more than {@link DROP_SHARE} of its calls dropped (timed out or
 *   failed): congested, the limit falls by the gradient `tolerance × baseline / short` (to half at most
 *   per window; ×0.9 for drops alone), down to `min`;
 * - at most halfway to the tolerance (`short ≤ (1 + tolerance) / 2 × baseline`), with the window's peak in
 *   flight at half the limit or more (the limit was in use): the limit grows by its square root, up to `max`;
 * - otherwise (between the two, or the limit not in use) it holds: a steady latency, or a latency that
 *   settles in that band, leaves the limit where it is, without oscillating.
 *
 * A latency that stays high becomes the new normal only after about `baselineWindows` windows (ten
 * minutes of one-second windows by default): an incident is limited, a lasting change is learned.
 */
export class AdaptiveLimit {
  /** The limit as computed (fractional); the limiter admits `Math.floor` of it. */
  private estimate: number;
  /** The dependency's normal latency, in the unit of the samples; `undefined` until the first window closes. */
  private baseline: number | undefined = undefined;
  private windowStart: number | undefined = undefined;
  private count = 0;
  private sum = 0;
  private drops = 0;
  private peakInFlight = 0;

  constructor(readonly settings: AdaptiveLimitSettings) {
    this.estimate = settings.initial;
  }

  /** Forgets every sample: the limit back at `initial`, no normal latency learned (tests, `resetFieldDependencies()`). */
  reset(): void {
    this.estimate = this.settings.initial;
    this.baseline = this.windowStart = undefined;
    this.count = this.sum = this.drops = this.peakInFlight = 0;
  }

  /** The limit in force: a whole number of calls, `min` to `max`. */
  get limit(): number {
    return Math.floor(this.estimate);
  }

  /** The normal latency learned so far, or `undefined` before the first window closed. */
  get normalLatency(): number | undefined {
    return this.baseline;
  }

  /**
   * Takes one call's sample: `now` when it ended (any clock, in milliseconds), its latency `rtt` (same
   * unit), the calls `inFlight` when it ended (itself included), and whether it `dropped` (timed out or
   * failed). Answers the limit in force afterwards.
   */
  onSample(now: number, rtt: number, inFlight: number, dropped: boolean): number {
    if (this.windowStart === undefined) this.windowStart = now;
    this.count++;
    this.sum += rtt;
    if (dropped) this.drops++;
    if (inFlight > this.peakInFlight) this.peakInFlight = inFlight;
    const { windowMs, minSamples } = this.settings;
    if (this.count >= minSamples && now - this.windowStart >= windowMs) this.closeWindow(now);
    return this.limit;
  }

  private closeWindow(now: number): void {
    const short = this.sum / this.count;
    const dropShare = this.drops / this.count;
    const peak = this.peakInFlight;
    this.windowStart = now;
    this.count = this.sum = this.drops = this.peakInFlight = 0;
    const { min, max, tolerance, baselineWindows } = this.settings;
    const baseline = this.baseline;
    if (baseline === undefined) {
      this.baseline = short;
      return;
    }
    this.baseline = baseline + (short - baseline) / (short > baseline ? baselineWindows : BASELINE_FALL_WINDOWS);
    const ratio = Math.max(short, LATENCY_FLOOR_MS) / Math.max(baseline, LATENCY_FLOOR_MS);
    if (ratio > tolerance || dropShare > DROP_SHARE) {
      const gradient = Math.min(ratio > tolerance ? Math.max(MIN_GRADIENT, tolerance / ratio) : 1, dropShare > DROP_SHARE ? DROP_BACKOFF : 1);
      this.estimate = Math.max(min, this.estimate * gradient);
    } else if (ratio <= (1 + tolerance) / 2 && peak >= this.limit / 2) {
      this.estimate = Math.min(max, this.estimate + Math.sqrt(this.estimate));
    }
  }
}
