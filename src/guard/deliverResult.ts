import type { Call } from './Call.js';
import { checkResult } from './checkResult.js';
import { classifyFailure } from './classifyFailure.js';
import { fallBack } from './fallBack.js';
import { patchKeyErrors } from './patchKeyErrors.js';
import { recordSuccess } from './recordCall.js';

/** What the loader answered, synchronously: checked (step 4), then delivered, or the fallback. */
export function deliverValue(call: Call, value: unknown): unknown {
  const invalid = checkResult(call, value);
  if (invalid !== undefined) return fallBack(call, 'invalid_result', invalid);
  return deliverChecked(call, value);
}

/** What the loader's promise settles with: a value is delivered as {@link deliverValue}, a rejection falls back. */
export function deliverLater(call: Call, pending: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(pending).then(
    (value) => deliverValue(call, value),
    (error: unknown) => fallBack(call, classifyFailure(error, call.guard.dependency.field), error),
  );
}

/** A checked value: per-key errors patched (step 5, `[T]`), the call counted (step 7), the value handed back. */
export function deliverChecked(call: Call, value: unknown): unknown {
  if (call.guard.dependency.values.aligned) return patchKeyErrors(call, value as unknown[]);
  const keys = call.args[0];
  recordSuccess(call, Array.isArray(keys) ? keys.length : 0, 0);
  return value;
}
