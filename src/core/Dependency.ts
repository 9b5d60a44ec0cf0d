import type { DependencyTier } from '../contract/brownoutClasses.js';
import type CircuitBreaker from 'opossum';
import { createBreaker } from '../breaker/createBreaker.js';
import { ConcurrencyLimiter } from '../concurrency/ConcurrencyLimiter.js';
import { BreakerState, DependencyStats } from '../counters/DependencyStats.js';
import type { EmptyValues } from '../fallback/emptyValues.js';
import type { BreakerOptions, ConcurrencyLimit } from '../options/FieldDependencyOptions.js';
import type { DependencyDeclaration } from './DependencyDeclaration.js';
import type { InjectedFault } from './InjectedFault.js';

/**
 * Everything the runtime keeps for one dependency (one field of one owner): its declaration, its
 * counters and its breaker. Loaders declared with the same field and owner share one.
 */
export class Dependency implements DependencyDeclaration {
  readonly field: string;
  readonly owner: string;
  readonly critical: boolean;
  readonly tier: DependencyTier;
  readonly type: string;
  readonly timeoutMs: number | undefined;
  readonly breaker: BreakerOptions | false;
  readonly decider: string | false;
  readonly concurrencyLimit: ConcurrencyLimit | undefined;
  /** The in-flight count and limit of the `concurrencyLimit` option; `undefined` without one (the guard's one branch). */
  readonly limiter: ConcurrencyLimiter | undefined;
  /**
   * A hash of the decider's flag key, so that one targeting key is gated independently on each field;
   * computed by `admitCall` the first time the decider is below 100.
   */
  deciderSalt: number | undefined = undefined;
  readonly values: EmptyValues;
  readonly stats = new DependencyStats();
  /** The circuit breaker, when one is configured; replaced by {@link resetBreaker}. */
  circuit: CircuitBreaker | undefined;
  /** Switched off by `disableDependency`: answers with the fallback without calling the loader. */
  disabled = false;
  /** The percentage of calls the decider lets through (0–100), kept current off the hot path by `src/deciders`. */
  percent = 100;
  /** A fault injected by tests; `undefined` in production. */
  fault: InjectedFault | undefined;

  constructor(declaration: DependencyDeclaration, values: EmptyValues) {
    this.field = declaration.field;
    this.owner = declaration.owner;
    this.critical = declaration.critical;
    this.tier = declaration.tier;
    this.type = declaration.type;
    this.timeoutMs = declaration.timeoutMs;
    this.breaker = declaration.breaker;
    this.decider = declaration.decider;
    this.concurrencyLimit = declaration.concurrencyLimit;
    this.limiter = declaration.concurrencyLimit === undefined ? undefined : new ConcurrencyLimiter(declaration.concurrencyLimit);
    this.values = values;
    this.circuit = declaration.breaker === false ? undefined : createBreaker(this.field, this.owner, declaration.breaker, this.stats);
  }

  /**
   * Replaces the breaker with a new, closed one with an empty rolling window (closing opossum's breaker
   * would keep the window's past failures). A shut-down breaker stays shut down.
   */
  resetBreaker(): void {
    const old = this.circuit;
    if (old === undefined || old.isShutdown || this.breaker === false) return;
    old.shutdown();
    this.circuit = createBreaker(this.field, this.owner, this.breaker, this.stats);
    this.stats.breakerState = BreakerState.closed;
  }
}
