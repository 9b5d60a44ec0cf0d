import { isDeepStrictEqual } from 'node:util';
import { dependencyOf } from '../src/core/guardedLoaders.js';
import type { Dependency } from '../src/core/Dependency.js';
import { REASON_INDEX } from '../src/counters/DependencyStats.js';
import { batchLoader, emptyBatch, KEYS } from './batchLoader.js';
import { failingWithBreaker, failingWithoutBreaker } from './failingLoaders.js';
import { libraryWithBreaker, libraryWithoutBreaker, type Peer } from './peers.js';

/**
 * Checks, before anything is timed, that each peer measures what its label says: every peer returns
 * the raw loader's value; the library's calls are counted, through a breaker only where one is
 * configured; the failing dependencies fall back and count an `error`. Throws on the first mismatch.
 */
export async function validatePeers(peers: readonly Peer[]): Promise<void> {
  const expected = await batchLoader(KEYS);
  for (const peer of peers) {
    const actual = await peer.call(KEYS);
    check(isDeepStrictEqual(actual, expected), `${peer.label} returned ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
  const withoutBreaker = dependencyIn(libraryWithoutBreaker);
  check(withoutBreaker.circuit === undefined, '(b) must not have a breaker');
  check(withoutBreaker.stats.success > 0, '(b) did not count its call');
  const withBreaker = dependencyIn(libraryWithBreaker);
  check(withBreaker.circuit !== undefined && withBreaker.circuit.stats.fires > 0, '(c) did not go through its breaker');
  check(withBreaker.stats.success > 0, '(c) did not count its call');
  for (const failing of [failingWithoutBreaker, failingWithBreaker]) {
    const actual = await failing(KEYS);
    check(isDeepStrictEqual(actual, emptyBatch(KEYS)), `${dependencyIn(failing).field} returned ${JSON.stringify(actual)}, expected the fallback`);
    check((dependencyIn(failing).stats.degradations[REASON_INDEX.error] ?? 0) > 0, `${dependencyIn(failing).field} did not count an error`);
  }
}

function dependencyIn(loader: unknown): Dependency {
  const dependency = dependencyOf(loader);
  if (dependency === undefined) throw new Error('validatePeers: not a field dependency');
  return dependency;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark validation failed: ${message}`);
}
