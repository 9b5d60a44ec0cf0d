import { markDegraded } from '../dataloader/degradedKeys.js';
import { forgetKeys } from '../dataloader/forgetKeys.js';
import { FieldDependencyError } from '../errors/FieldDependencyError.js';
import type { Call } from './Call.js';
import { publishDegradation, recordSuccess } from './recordCall.js';

/**
 * Step 5 of a call, `[T]` dependencies only: a checked batch result whose elements include `Error`s (the
 * DataLoader convention for a key that failed; checkResult found them) gets each of them replaced by that
 * key's empty value (a `FieldDependencyError` if critical), in a copy; the other keys keep their data.
 * Counted as `partial`.
 */
export function patchKeyErrors(call: Call, results: unknown[]): unknown[] {
  const keys = call.args[0] as unknown[];
  const failed = call.keyErrors;
  if (failed === undefined) {
    recordSuccess(call, keys.length, 0);
    return results;
  }
  const { field, owner, critical, values } = call.guard.dependency;
  const delivered = results.slice();
  const errors: unknown[] = [];
  for (const index of failed) {
    const cause = results[index];
    errors.push(cause);
    delivered[index] = critical ? new FieldDependencyError({ field, owner, reason: 'partial', cause }) : values.perKey();
  }
  if (!critical) {
    markDegraded(delivered, failed);
    if (call.dataLoader !== undefined) forgetKeys(call.dataLoader, keys, failed);
  }
  recordSuccess(call, keys.length - failed.length, failed.length);
  const failedKeys = failed.map((index) => keys[index]);
  publishDegradation(call, 'partial', errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} keys failed`), failedKeys);
  return delivered;
}
