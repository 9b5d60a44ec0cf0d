import type { RequestPriority } from 'field-dependency';
import type { OpenLoopRequest } from './OpenLoopGenerator.js';
import { pagePath } from './requestPaths.js';

/**
 * Whether the `sequence`-th request is a prefetch (low priority) when `lowShare` of them are (0 to 1):
 * evenly spread, exactly `round(n × lowShare)` of the first `n` give or take one, and with a share of ¼
 * the second of every four requests, never the board pages of `pagePath` (every fourth).
 */
export function isPrefetch(sequence: number, lowShare: number): boolean {
  return Math.floor((sequence + 1) * lowShare + 0.5) > Math.floor(sequence * lowShare + 0.5);
}

/**
 * The overload benchmark's and the demo's traffic: the pages of `pagePath`, `lowShare` of them sent as
 * prefetches (`low` priority: the app loads them ahead of the user), the others user-initiated (`normal`).
 * @throws TypeError when `lowShare` is not a number from 0 to 1.
 */
export function prefetchMix(lowShare: number): (sequence: number) => OpenLoopRequest {
  if (!(lowShare >= 0 && lowShare <= 1)) throw new TypeError(`prefetchMix: lowShare must be a number from 0 to 1; received ${String(lowShare)}`);
  return (sequence) => ({ path: pagePath(sequence), priority: (isPrefetch(sequence, lowShare) ? 'low' : 'normal') satisfies RequestPriority });
}
