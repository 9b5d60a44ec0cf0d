import type CircuitBreaker from 'opossum';
import type { Dependency } from '../core/Dependency.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import { DependencyDisabledError } from '../errors/DependencyDisabledError.js';
import { DependencyShedError } from '../errors/DependencyShedError.js';
import type { CallTraceContext } from '../events/callChannel.js';
import { admitCall } from './admitCall.js';
import { Call } from './Call.js';
import { classifyFailure } from './classifyFailure.js';
import { BreakerCall, callThroughBreaker } from './consultBreaker.js';
import { deliverLater, deliverValue } from './deliverResult.js';
import { fallBack } from './fallBack.js';
import type { Guard } from './Guard.js';
import { limitConcurrency } from './limitConcurrency.js';
import { refuseCall } from './refuseCall.js';
import { runLoader } from './runLoader.js';
import { shedByBrownout } from './shedByBrownout.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import { warnSharedDataLoader } from './warnSharedDataLoader.js';

/**
 * One call of a wrapped loader. The steps, in the order a call takes them, one file each:
 *
 * 1. `admitCall`       is the call admitted? A switched-off dependency, or one its decider leaves
 *                      out, answers at once (`disabled`).
 *    `shedByBrownout`  then, while the process browns out (`configure({ brownout })`), an optional call
 *                      whose (tier, request priority) class is shed answers at once (`shed`, outcome `shed`).
 * 2. `limitConcurrency` with a `concurrencyLimit`: with every slot taken the call answers at once (`shed`);
 *                      otherwise it holds a slot until its answer is ready. Then
 *    `consultBreaker`  with a breaker: an open one refuses the call (`breaker_open`); otherwise steps
 *                      3–7 run inside opossum's `fire()` (fireBreaker), which counts failures.
 * 3. `runLoader`       calls the loader with the call's own AbortSignal (made if it asks: CallSignal);
 *                      `raceTimeout` rejects past `timeoutMs` with a `DependencyTimeoutError`, aborting it.
 * 4. `checkResult`     the value against the declared type (`invalid_result`).
 * 5. `patchKeyErrors`  `[T]`: a per-key `Error` becomes that key's empty value (`partial`).
 * 6. `fallBack`        any failure becomes the fresh empty value (or a `FieldDependencyError` if
 *                      critical); `classifyFailure` names its reason (`error`, `timeout`, …).
 * 7. `recordCall`      counters, the request's record (and those of the other requests whose keys
 *                      a shared DataLoader put in the batch), the diagnostics channels (the call's
 *                      outcome on the tracing channel, when somebody subscribes: tracedCall).
 * 8. `answerDataLoader` called by a DataLoader: always a promise. Its degraded keys leave its cache where
 *                      they degrade (fallBack, patchKeyErrors).
 *
 * So a timeout becomes an empty value in raceTimeout → classifyFailure → fallBack. A sync loader stays
 * sync; the answer is a promise when the loader's is (`deliverResult` holds both ways of delivering).
 */
export function guardedCall(
  guard: Guard,
  thisArg: unknown,
  args: unknown[],
  dataLoader?: ClearableLoader<unknown>,
  others?: readonly RequestRecord[],
  trace?: CallTraceContext,
): unknown {
  const { dependency } = guard;
  const circuit = dependency.circuit;
  const throughBreaker = circuit !== undefined && !circuit.isShutdown && circuit.enabled;
  const call = throughBreaker ? new BreakerCall(guard, thisArg, args, dataLoader, others, trace) : new Call(guard, thisArg, args, dataLoader, others, trace);
  if (call.others !== undefined) warnSharedDataLoader(dependency);
  if (!admitCall(dependency, call.request)) return refuseCall(call, 'disabled', disabledError(dependency));
  if (shedByBrownout(dependency, call.request)) return refuseCall(call, 'shed', new DependencyShedError(dependency.field, dependency.owner, 'brownout'));
  const limiter = dependency.limiter;
  if (limiter !== undefined) return limitConcurrency(call, limiter, throughBreaker ? circuit : undefined, callLoader);
  return callLoader(call, throughBreaker ? circuit : undefined);
}

/** Steps 2–7 of an admitted call: through the breaker (`circuit`) when it has one in service (not shut down, not `enabled: false`), else straight to the loader. */
function callLoader(call: Call, circuit: CircuitBreaker | undefined): unknown {
  if (circuit !== undefined) return callThroughBreaker(call as BreakerCall, circuit);
  const { guard } = call;
  let result: unknown;
  try {
    result = runLoader(call);
  } catch (error) {
    guard.returnsPromise = false;
    return fallBack(call, classifyFailure(error, guard.dependency.field), error);
  }
  return guard.returnsPromise ? deliverLater(call, result as PromiseLike<unknown>) : deliverValue(call, result);
}

/** Why a refused call was refused: switched off by hand, or left out by the decider (`disableDependency` wins over the decider). */
function disabledError(dependency: Dependency): DependencyDisabledError {
  const { field, owner, decider, percent } = dependency;
  return dependency.disabled || decider === false ? new DependencyDisabledError(field, owner) : new DependencyDisabledError(field, owner, { key: decider, percent });
}
