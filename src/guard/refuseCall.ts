import type { DegradationReason } from '../contract/DegradationReason.js';
import type { Call } from './Call.js';
import { fallBack } from './fallBack.js';

/**
 * A call refused before the loader runs (not admitted, breaker open): answered with the fallback (or
 * the critical error) in the shape the loader answers in, a promise unless the loader is sync.
 */
export function refuseCall(call: Call, reason: DegradationReason, error: unknown): unknown {
  if (!call.guard.returnsPromise) return fallBack(call, reason, error);
  try {
    return Promise.resolve(fallBack(call, reason, error));
  } catch (thrown) {
    return Promise.reject(thrown);
  }
}
