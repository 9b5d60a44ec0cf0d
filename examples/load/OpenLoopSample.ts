import type { RequestPriority } from 'field-dependency';
import type { RequestSample } from './RequestSample.js';

/**
 * What one request of an `OpenLoopGenerator` got. `sentAt` is when the schedule made it due and
 * `latencyMs` runs from then to the answer, so a request that waited for a free connection, or for a
 * generator that fell behind, counts its wait (no coordinated omission).
 */
export type OpenLoopSample = Omit<RequestSample, 'mode'> & {
  /** The priority the request asked for (`x-priority`). */
  readonly priority: RequestPriority;
};
