import type { DegradationReason } from '../contract/DegradationReason.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import type { CallTraceContext } from '../events/callChannel.js';
import { currentContext } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import type { Guard } from './Guard.js';

/**
 * One call of a wrapped loader: what every step reads. One small object per call, no closures. Its fields are
 * `declare`d and set in the constructor: class fields, defined one by one, cost a call twice as much to build.
 */
export class Call {
  declare readonly guard: Guard;
  declare readonly thisArg: unknown;
  declare readonly args: unknown[];
  /** The DataLoader that called the loader as its batch function: degraded keys are cleared from its cache. */
  declare readonly dataLoader: ClearableLoader<unknown> | undefined;
  /** The call's context on the `field-dependency:call` tracing channel, when somebody subscribes (tracedCall). */
  declare readonly trace: CallTraceContext | undefined;
  /** `performance.now()` when the call started, for the duration histogram. */
  declare readonly startedAt: number;
  /** `performance.now()` when the call was recorded (recordCall), `undefined` until then. */
  declare endedAt: number | undefined;
  /** The request the call belongs to, read once. */
  declare readonly request: RequestRecord | undefined;
  /**
   * The other requests whose keys are in this call's batch (a DataLoader shared by requests): its
   * degradations are recorded in them too. Given by answerDataLoader, or found in the context
   * (`evictDegradedKeys`, `batchFromMap`); `undefined` almost always.
   */
  declare readonly others: readonly RequestRecord[] | undefined;
  /** `[T]`: the indexes of the result's `Error` elements, found by checkResult. */
  declare keyErrors: number[] | undefined;
  /** Why the call degraded, once recorded (recordCall); `undefined` while it has not, or when it delivered its value. */
  declare reason: DegradationReason | undefined;

  constructor(
    guard: Guard,
    thisArg: unknown,
    args: unknown[],
    dataLoader: ClearableLoader<unknown> | undefined,
    others?: readonly RequestRecord[],
    trace?: CallTraceContext,
  ) {
    const context = currentContext();
    this.guard = guard;
    this.thisArg = thisArg;
    this.args = args;
    this.dataLoader = dataLoader;
    this.trace = trace;
    this.startedAt = performance.now();
    this.endedAt = undefined;
    this.request = context?.request;
    this.others = others ?? context?.batchRequests;
    this.keyErrors = undefined;
    this.reason = undefined;
  }

  /** The keys of a batch call (its first argument, when an array), else `undefined`. */
  get keys(): unknown[] | undefined {
    const first = this.args[0];
    return Array.isArray(first) ? first : undefined;
  }
}
