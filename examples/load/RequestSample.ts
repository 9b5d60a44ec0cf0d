import type { DemoMode } from '../pins-api/startPinsApi.js';

/** What one request of a `LoadGenerator` got. */
export interface RequestSample {
  readonly mode: DemoMode;
  /** When it was sent, in milliseconds since the run started. */
  readonly sentAt: number;
  /** How long until the answer, or until the client gave up. */
  readonly latencyMs: number;
  /** The HTTP status, or `'no answer'` when the client gave up (its timeout) or the connection failed. */
  readonly outcome: number | 'no answer';
  /** The fields named in `x-degraded-fields`. */
  readonly degraded: readonly string[];
}

/** Milliseconds since a run started. */
export type Clock = () => number;
