import type { Dependency } from '../core/Dependency.js';
import { markDegraded } from '../dataloader/degradedKeys.js';
import { forgetKeys } from '../dataloader/forgetKeys.js';
import type { DegradationReason } from '../contract/DegradationReason.js';
import type { DependencyShedError } from '../errors/DependencyShedError.js';
import { FieldDependencyError } from '../errors/FieldDependencyError.js';
import type { Call } from './Call.js';
import { isThenable } from './isThenable.js';
import { publishDegradation, recordFailure } from './recordCall.js';

/** Dependencies already warned about a `fallback` that returned a promise (once each). */
const warnedAboutPromises = new WeakSet<Dependency>();

/**
 * Step 6 of a call: where any failure (a throw, a rejection, a timeout, a refused call, an invalid
 * result) becomes an answer. Counts it with its `reason`, then throws a {@link FieldDependencyError}
 * (critical) or returns a fresh fallback: the `fallback` option's value, or the empty value of `type`.
 *
 * A `fallback` must answer synchronously. When it throws, or returns a promise (which is then ignored,
 * its rejection handled), the empty value of `type` is used and the problem is published as
 * `fallbackError`; a promise also raises a process warning, once per dependency.
 */
export function fallBack(call: Call, reason: DegradationReason, error: unknown): unknown {
  const { dependency, fallback } = call.guard;
  const keys = call.keys;
  // Shed by brownout: the upstream was not at fault (outcome `shed`); shed by a concurrency limit, it was (`degraded`).
  const shed = reason === 'shed' && (error as DependencyShedError).shedBy === 'brownout';
  recordFailure(call, reason, keys?.length ?? 0, shed);
  if (dependency.critical) {
    publishDegradation(call, reason, error, keys);
    throw new FieldDependencyError({ field: dependency.field, owner: dependency.owner, reason, cause: error });
  }
  let value: unknown;
  let fallbackError: unknown;
  if (fallback === undefined) {
    value = dependency.values.whole(call.args[0]);
  } else {
    try {
      value = fallback(call.args, error);
      if (isThenable(value)) fallbackError = ignorePromise(dependency, value);
    } catch (thrown) {
      fallbackError = thrown ?? new Error('the fallback threw a nullish value');
    }
    if (fallbackError !== undefined) value = dependency.values.whole(call.args[0]);
  }
  markDegraded(value, 'all');
  if (call.dataLoader !== undefined && keys !== undefined) forgetKeys(call.dataLoader, keys, 'all');
  publishDegradation(call, reason, error, keys, fallbackError);
  return value;
}

/** Handles a promise a `fallback` returned (so its rejection is not unhandled) and says what went wrong. */
function ignorePromise(dependency: Dependency, promise: PromiseLike<unknown>): TypeError {
  promise.then(undefined, () => {});
  const problem = new TypeError(
    `field dependency '${dependency.field}' (owner '${dependency.owner}'): option \`fallback\` must return the value itself, not a promise ` +
      '(it runs when the loader has already failed or timed out); the empty value of `type` was used instead',
  );
  if (!warnedAboutPromises.has(dependency)) {
    warnedAboutPromises.add(dependency);
    process.emitWarning(problem.message, { code: 'FIELD_DEPENDENCY_ASYNC_FALLBACK', type: 'FieldDependencyWarning' });
  }
  return problem;
}
