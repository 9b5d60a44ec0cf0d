import type { Dependency } from '../core/Dependency.js';
import { InvalidResultError } from '../errors/InvalidResultError.js';
import { describeSafely } from './describeSafely.js';

/**
 * Step 4 of a call: checks the loader's value against the declared type (a Map for `Map`, an array with
 * one value per key for `[T]`, …). Answers the {@link InvalidResultError} to degrade with (reason
 * `invalid_result`), or `undefined` when the value fits. Never throws: a value that throws when looked
 * at (a Proxy, a revoked Proxy, an element whose `instanceof` check throws) is an invalid result too.
 */
export function checkResult(dependency: Dependency, value: unknown, keys: unknown): InvalidResultError | undefined {
  let problem: string | undefined;
  try {
    problem = dependency.values.problemWith(value, keys);
    if (problem === undefined && dependency.values.aligned) problem = uninspectableElement(value as unknown[]);
  } catch (thrown) {
    problem = `the value throws when inspected (${describeSafely(thrown)})`;
  }
  if (problem === undefined) return undefined;
  return new InvalidResultError(`field dependency '${dependency.field}' (owner '${dependency.owner}'): ${problem}`, value);
}

/** A problem when an element of a `[T]` result cannot be checked for being an `Error` (it throws). */
function uninspectableElement(results: unknown[]): string | undefined {
  for (let index = 0; index < results.length; index++) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the check itself is the test: does it throw?
      results[index] instanceof Error;
    } catch (thrown) {
      return `the value at index ${index} throws when inspected (${describeSafely(thrown)})`;
    }
  }
  return undefined;
}
