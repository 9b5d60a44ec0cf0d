import CircuitBreaker from 'opossum';
import { BreakerState, type DependencyStats } from '../metrics/DependencyStats.js';
import { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from '../options/FieldDependencyOptions.js';

/** The breaker's action: runs one attempt, whose promise rejects when the attempt failed. */
export type BreakerAction = (attempt: () => Promise<unknown>) => Promise<unknown>;

const runAttempt: BreakerAction = (attempt) => attempt();

/**
 * One opossum breaker for one dependency, named `owner/field` and grouped by owner.
 *
 * Set here, whatever the options: opossum's own timeout is off (`timeoutMs` does that, with a signal per
 * call instead of opossum's controller shared by every call in flight), rolling percentiles and
 * snapshots are off (the histogram has latency; sorting every sample on each failure is waste), and
 * the options object is copied because opossum writes its defaults into the one it is given.
 * State changes are mirrored into `stats.breakerState` (a shut-down breaker counts as closed).
 */
export function createBreaker(field: string, owner: string, options: BreakerOptions, stats: DependencyStats): CircuitBreaker {
  const breaker = new CircuitBreaker(runAttempt, {
    ...DEFAULT_BREAKER_OPTIONS,
    ...options,
    timeout: false,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    name: `${owner}/${field}`,
    group: owner,
  });
  breaker.on('open', () => (stats.breakerState = BreakerState.open));
  breaker.on('halfOpen', () => (stats.breakerState = BreakerState.halfOpen));
  breaker.on('close', () => (stats.breakerState = BreakerState.closed));
  // Once shut down, calls go straight to the loader: publish that as closed, not the state it stopped in.
  breaker.on('shutdown', () => (stats.breakerState = BreakerState.closed));
  return breaker;
}

/** True when the breaker would refuse a call now (open, or half-open with its probe already out). */
export function breakerRefuses(breaker: CircuitBreaker): boolean {
  return !breaker.closed && !breaker.pendingClose;
}
