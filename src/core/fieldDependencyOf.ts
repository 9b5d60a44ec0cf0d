import type { DependencyDeclaration } from './DependencyDeclaration.js';
import { dependencyOf } from './guardedLoaders.js';

/**
 * The declaration behind a wrapped loader or decorated method (`field`, `owner`, `critical`, `tier`, `type`,
 * `timeoutMs`, `breaker`, `decider`, `concurrencyLimit`), or `undefined` when `fn` is not one. For discovery and inventories.
 *
 * @example
 * fieldDependencyOf(PinFields.prototype.shopping)?.owner // 'shopping'
 */
export function fieldDependencyOf(fn: unknown): DependencyDeclaration | undefined {
  const dependency = dependencyOf(fn);
  if (dependency === undefined) return undefined;
  const { field, owner, critical, tier, type, timeoutMs, breaker, decider, concurrencyLimit } = dependency;
  return Object.freeze({ field, owner, critical, tier, type, timeoutMs, breaker, decider, concurrencyLimit });
}
