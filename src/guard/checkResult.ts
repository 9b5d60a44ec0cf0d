import { InvalidResultError } from '../errors/InvalidResultError.js';
import type { Call } from './Call.js';
import { describeSafely } from './describeSafely.js';

/**
 * Step 4 of a call: checks the loader's value against the declared type (a Map for `Map`, an array with
 * one value per key for `[T]`, …). Answers the {@link InvalidResultError} to degrade with (reason
 * `invalid_result`), or `undefined` when the value fits. For `[T]`, the same pass notes the indexes of
 * `Error` elements in `call.keyErrors` (patched by patchKeyErrors). Never throws: a value that throws
 * when looked at (a Proxy, a revoked Proxy, an element whose `instanceof` check throws) is invalid too.
 */
export function checkResult(call: Call, value: unknown): InvalidResultError | undefined {
  const { values, field, owner } = call.guard.dependency;
  let problem: string | undefined;
  try {
    problem = values.problemWith(value, call.args[0]);
    if (problem === undefined && values.aligned) call.keyErrors = errorIndexes(value as unknown[]);
  } catch (thrown) {
    problem = `the value throws when inspected (${describeSafely(thrown)})`;
  }
  if (problem === undefined) return undefined;
  return new InvalidResultError(`field dependency '${field}' (owner '${owner}'): ${problem}`, value);
}

/** The indexes of the `Error` elements of a `[T]` result, or `undefined` when there is none. */
function errorIndexes(results: unknown[]): number[] | undefined {
  let found: number[] | undefined;
  for (let index = 0; index < results.length; index++) if (results[index] instanceof Error) (found ??= []).push(index);
  return found;
}
