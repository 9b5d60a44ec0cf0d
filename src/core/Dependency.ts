import type CircuitBreaker from 'opossum';
import { createBreaker } from '../breaker/createBreaker.js';
import { BreakerState, REASON_INDEX, DependencyStats } from '../metrics/DependencyStats.js';
import type { DegradationReason } from '../errors/DegradationReason.js';
import type { EmptyValues } from '../fallback/emptyValues.js';
import type { BreakerOptions } from '../options/FieldDependencyOptions.js';
import { degradedChannel } from '../events/degradedChannel.js';
import { noteDegradation, type RequestRecord } from '../scope/degradationScope.js';

/** A fault forced onto a dependency by `field-dependency/testing`; the loader is not called. */
export type InjectedFault =
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'hang' }
  | { readonly kind: 'invalid'; readonly value: unknown };

/** What is declared about a dependency, as shown in `field_dependency_info` and reports. */
export interface DependencyDeclaration {
  readonly field: string;
  readonly owner: string;
  readonly critical: boolean;
  /** The declared type's label: `Map`, `[null]`, … */
  readonly type: string;
  readonly timeoutMs: number | undefined;
  readonly breaker: BreakerOptions | false;
}

/**
 * Everything the runtime keeps for one dependency (one field of one owner): its declaration, its
 * counters and its breaker. Loaders declared with the same field and owner share one.
 */
export class Dependency implements DependencyDeclaration {
  readonly field: string;
  readonly owner: string;
  readonly critical: boolean;
  readonly type: string;
  readonly timeoutMs: number | undefined;
  readonly breaker: BreakerOptions | false;
  readonly values: EmptyValues;
  readonly stats = new DependencyStats();
  /** The circuit breaker, when one is configured; replaced by {@link resetBreaker}. */
  circuit: CircuitBreaker | undefined;
  /** Switched off by `disableDependency`: answers with the fallback without calling the loader. */
  disabled = false;
  /** A fault injected by tests; `undefined` in production. */
  fault: InjectedFault | undefined;

  constructor(declaration: DependencyDeclaration, values: EmptyValues) {
    this.field = declaration.field;
    this.owner = declaration.owner;
    this.critical = declaration.critical;
    this.type = declaration.type;
    this.timeoutMs = declaration.timeoutMs;
    this.breaker = declaration.breaker;
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

  /** Records a call that delivered its value (`degradedKeys` > 0 for a partial batch). */
  recordSuccess(startedAt: number, request: RequestRecord | undefined, okKeys: number, degradedKeys: number): void {
    const stats = this.stats;
    stats.observeDuration((performance.now() - startedAt) / 1000);
    if (request !== undefined) stats.countEndpoint(request.endpointId);
    stats.keysOk += okKeys;
    stats.keysDegraded += degradedKeys;
    if (degradedKeys === 0) stats.success++;
    else this.recordReason('partial', request);
  }

  /** Records a call that degraded to the fallback, or failed if critical, for `reason`. */
  recordFailure(startedAt: number, request: RequestRecord | undefined, reason: DegradationReason, keyCount: number): void {
    const stats = this.stats;
    stats.observeDuration((performance.now() - startedAt) / 1000);
    if (request !== undefined) stats.countEndpoint(request.endpointId);
    stats.keysDegraded += keyCount;
    this.recordReason(reason, request);
  }

  /** Publishes a degradation on the diagnostics channel, if anybody listens. */
  publish(reason: DegradationReason, error: unknown, keys: readonly unknown[] | undefined, request: RequestRecord | undefined, fallbackError?: unknown): void {
    if (!degradedChannel.hasSubscribers) return;
    degradedChannel.publish({
      field: this.field,
      owner: this.owner,
      critical: this.critical,
      reason,
      error,
      keys,
      endpoint: request?.endpoint,
      ...(fallbackError === undefined ? {} : { fallbackError }),
    });
  }

  private recordReason(reason: DegradationReason, request: RequestRecord | undefined): void {
    const stats = this.stats;
    (stats.degradations[REASON_INDEX[reason]] as number)++;
    if (this.critical) stats.failed++;
    else stats.degraded++;
    if (request !== undefined) noteDegradation(request, this.field, this.owner, reason);
  }
}
