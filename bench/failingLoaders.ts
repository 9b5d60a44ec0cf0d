import { dependencyOf } from '../src/core/guardedLoaders.js';
import { DEGRADATION_REASONS } from '../src/contract/DegradationReason.js';
import { fieldDependency } from '../src/index.js';

/** A batch loader whose upstream is down: every call rejects with a fresh `Error`. */
async function failingLoader(keys: readonly number[]): Promise<number[]> {
  throw new Error(`upstream down (${keys.length} keys)`);
}

/** A non-critical dependency on {@link failingLoader} without a breaker: every call degrades with reason `error`. */
export const failingWithoutBreaker = fieldDependency([Number], { owner: 'bench', name: 'failing_without_breaker', breaker: false })(failingLoader);

/** The same with the default breaker: it opens after 20 calls, then calls degrade with `breaker_open`. */
export const failingWithBreaker = fieldDependency([Number], { owner: 'bench', name: 'failing_with_breaker' })(failingLoader);

/** The degradations counted so far for a wrapped loader, by reason: `error 27, breaker_open 999,973`. */
export function degradationsOf(loader: unknown): string {
  const counts = dependencyOf(loader)?.stats.degradations ?? [];
  return DEGRADATION_REASONS.flatMap((reason, index) => {
    const count = counts[index] ?? 0;
    return count === 0 ? [] : [`${reason} ${count.toLocaleString('en-US')}`];
  }).join(', ');
}
