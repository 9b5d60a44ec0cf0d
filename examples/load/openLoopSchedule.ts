/** Arrival counts closer than this to a whole number are that number (rates × seconds in floating point). */
const EPSILON = 1e-9;

/** A stretch of an open-loop run: requests arrive at `ratePerSecond`, evenly spaced, for `seconds`. */
export interface LoadStage {
  readonly ratePerSecond: number;
  readonly seconds: number;
}

/**
 * Checks a schedule: at least one stage, each with a finite rate ≥ 0 and a finite length > 0.
 * @throws TypeError naming the bad stage and value.
 */
export function checkStages(stages: readonly LoadStage[]): void {
  if (stages.length === 0) throw new TypeError('an open-loop schedule needs at least one stage, such as { ratePerSecond: 100, seconds: 10 }');
  stages.forEach(({ ratePerSecond, seconds }, index) => {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) throw new TypeError(`stage ${index}: ratePerSecond must be a finite number ≥ 0; received ${String(ratePerSecond)}`);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new TypeError(`stage ${index}: seconds must be a finite number > 0; received ${String(seconds)}`);
  });
}

/** How long the schedule lasts, in milliseconds. */
export function scheduleMs(stages: readonly LoadStage[]): number {
  return stages.reduce((sum, stage) => sum + stage.seconds * 1000, 0);
}

/** How many requests the schedule sends in all. */
export function scheduledRequests(stages: readonly LoadStage[]): number {
  return Math.ceil(arrivalsBy(stages, scheduleMs(stages)) - EPSILON);
}

/**
 * How many requests are due by `atMs` (milliseconds since the schedule started): request `k` (from 0) is
 * due when `k` arrivals have accumulated during a stage with a rate above 0 (see {@link dueAt}), so at a
 * steady rate `r` from the start the first at 0 and the `k`-th at `k / r` seconds, whatever happened to
 * the earlier requests: an open loop, as real traffic, where a slow server does not slow arrivals down.
 */
export function dueBy(stages: readonly LoadStage[], atMs: number): number {
  if (atMs < 0) return 0;
  const arrivals = arrivalsBy(stages, atMs);
  const whole = Math.round(arrivals);
  const onWhole = Math.abs(arrivals - whole) < EPSILON;
  const stage = stageAt(stages, atMs);
  const arriving = stage !== undefined && (stages[stage] as LoadStage).ratePerSecond > 0;
  // Requests k < arrivals have come; k = arrivals comes now if a stage with arrivals is running.
  const due = onWhole ? whole + (arriving ? 1 : 0) : Math.ceil(arrivals);
  return Math.min(scheduledRequests(stages), due);
}

/** When request `sequence` (from 0) is due, in milliseconds since the schedule started; `undefined` past the last. */
export function dueAt(stages: readonly LoadStage[], sequence: number): number | undefined {
  if (sequence < 0 || sequence >= scheduledRequests(stages)) return undefined;
  let before = 0;
  let startMs = 0;
  for (const { ratePerSecond, seconds } of stages) {
    const inStage = ratePerSecond * seconds;
    if (ratePerSecond > 0 && sequence < before + inStage - EPSILON) return startMs + ((sequence - before) / ratePerSecond) * 1000;
    before += inStage;
    startMs += seconds * 1000;
  }
  return undefined;
}

/** The stage running at `atMs` (its index), or `undefined` outside the schedule. */
export function stageAt(stages: readonly LoadStage[], atMs: number): number | undefined {
  let startMs = 0;
  for (const [index, stage] of stages.entries()) {
    startMs += stage.seconds * 1000;
    if (atMs < startMs) return atMs < 0 ? undefined : index;
  }
  return undefined;
}

/** Arrivals accumulated by `atMs` (a real number). */
function arrivalsBy(stages: readonly LoadStage[], atMs: number): number {
  let arrivals = 0;
  let startMs = 0;
  for (const { ratePerSecond, seconds } of stages) {
    const spentMs = Math.min(Math.max(atMs - startMs, 0), seconds * 1000);
    arrivals += (ratePerSecond * spentMs) / 1000;
    startMs += seconds * 1000;
  }
  return arrivals;
}
