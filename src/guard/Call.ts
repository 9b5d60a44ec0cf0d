import type { DegradationReason } from '../contract/DegradationReason.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import type { CallTraceContext } from '../events/callChannel.js';
import { currentContext } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import type { Guard } from './Guard.js';

/**
 * One call of a wrapped loader: what every step reads. One small object per call, no closures. Class fields,
 * kept: `declare`d fields set in the constructor instead build a call faster under tsc's output, but made a
 * call through the breaker twice as slow once transformed by esbuild with `keepNames` (tsx, bundlers).
 */
export class Call {
  /** `performance.now()` when the call started, for the duration histogram. */
  readonly startedAt = performance.now();
  /** `performance.now()` when the call was recorded (recordCall), `undefined` until then. */
  endedAt: number | undefined = undefined;
  /** The request the call belongs to, read once. */
  readonly request: RequestRecord | undefined;
  /**
   * The other requests whose keys are in this call's batch (a DataLoader shared by requests): its
   * degradations are recorded in them too. Given by answerDataLoader, or found in the context
   * (`evictDegradedKeys`, `batchFromMap`); `undefined` almost always.
   */
  readonly others: readonly RequestRecord[] | undefined;
  /** `[T]`: the indexes of the result's `Error` elements, found by checkResult. */
  keyErrors: number[] | undefined = undefined;
  /** Why the call degraded, once recorded (recordCall); `undefined` while it has not, or when it delivered its value. */
  reason: DegradationReason | undefined = undefined;

  constructor(
    readonly guard: Guard,
    readonly thisArg: unknown,
    readonly args: unknown[],
    /** The DataLoader that called the loader as its batch function: degraded keys are cleared from its cache. */
    readonly dataLoader: ClearableLoader<unknown> | undefined,
    others?: readonly RequestRecord[],
    /** The call's context on the `field-dependency:call` tracing channel, when somebody subscribes (tracedCall). */
    readonly trace?: CallTraceContext,
  ) {
    const context = currentContext();
    this.request = context?.request;
    this.others = others ?? context?.batchRequests;
  }

  /** The keys of a batch call (its first argument, when an array), else `undefined`. */
  get keys(): unknown[] | undefined {
    const first = this.args[0];
    return Array.isArray(first) ? first : undefined;
  }
}
