import type { Call } from './Call.js';
import { checkResult } from './checkResult.js';
import { classifyFailure } from './classifyFailure.js';
import { fallBack } from './fallBack.js';
import { patchKeyErrors } from './patchKeyErrors.js';
import { recordSuccess } from './recordCall.js';

/** What the loader answered, synchronously: checked (step 4), then delivered, or the fallback. */
export function deliverValue(call: Call, value: unknown): unknown {
  const invalid = checkResult(call.guard.dependency, value, call.args[0]);
  if (invalid !== undefined) return fallBack(call, 'invalid_result', invalid);
  return deliverChecked(call, value);
}

/** What the loader's promise settles with: a value is delivered as {@link deliverValue}, a rejection falls back. */
export async function deliverLater(call: Call, pending: PromiseLike<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await pending;
  } catch (error) {
    return fallBack(call, classifyFailure(error, call.guard.dependency.field), error);
  }
  return deliverValue(call, value);
}

/** A checked value: per-key errors patched (step 5, `[T]`), the call counted (step 7), the value handed back. */
export function deliverChecked(call: Call, value: unknown): unknown {
  if (call.guard.dependency.values.aligned) return patchKeyErrors(call, value as unknown[]);
  const keys = call.args[0];
  recordSuccess(call, Array.isArray(keys) ? keys.length : 0, 0);
  return value;
}
