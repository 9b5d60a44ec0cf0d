import { DependencyTimeoutError } from '../errors/DependencyTimeoutError.js';
import type { CallSignal } from '../scope/CallSignal.js';

/**
 * Where a timeout starts: settles like `pending`, or rejects with a {@link DependencyTimeoutError} after
 * `timeoutMs`, aborting the call's own `signal` (the loader's `currentSignal()`) at the same moment.
 * The rejection is then classified as `timeout` (classifyFailure) and answered with the empty value
 * (fallBack). Settling after the timeout is a no-op, and the handlers keep a late rejection handled.
 */
export function raceTimeout(pending: PromiseLike<unknown>, signal: CallSignal, field: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const timeout = new DependencyTimeoutError(field, timeoutMs);
      signal.abort(timeout);
      reject(timeout);
    }, timeoutMs);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
