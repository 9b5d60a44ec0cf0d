import { otherRequestsOfBatch } from '../dataloader/batchRequests.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import { callChannel } from '../events/callChannel.js';
import type { Guard } from './Guard.js';
import { guardedCall } from './guardedCall.js';
import { tracedCall } from './tracedCall.js';

/** The part of a DataLoader the guard recognises it by: the batch function it was given. */
export interface DataLoaderLike extends ClearableLoader<unknown> {
  readonly _batchLoadFn?: unknown;
}

/**
 * Whether `thisArg` is a DataLoader calling `guarded` as its batch function: its `_batchLoadFn` is
 * `guarded`, or a wrapper that calls it with the loader as `this` (as `@opentelemetry/instrumentation-dataloader`
 * wraps every batch function), recognised by the loader's `_batchLoadFn` and `clear`.
 */
export function isBatchCallOf(thisArg: unknown, guarded: unknown): thisArg is DataLoaderLike {
  const batchLoadFn = (thisArg as DataLoaderLike | null | undefined)?._batchLoadFn;
  return batchLoadFn === guarded || (typeof batchLoadFn === 'function' && typeof (thisArg as DataLoaderLike).clear === 'function');
}

/**
 * Step 8 of a call, when a DataLoader calls the wrapped function as its batch function: the answer is
 * always a promise (DataLoader rejects every `load()` of a batch function that answers anything else,
 * so a sync answer is resolved and a sync throw, critical only, rejected). The keys that get an empty
 * value are cleared from the loader's cache where they degrade (fallBack, patchKeyErrors), so the next
 * `load` asks the upstream again. A DataLoader shared by requests has its batch's degradations recorded
 * in every request whose keys are in it (otherRequestsOfBatch), and is warned about (warnSharedDataLoader).
 */
export function answerDataLoader(guard: Guard, loader: DataLoaderLike, args: unknown[]): Promise<unknown> {
  let answer: unknown;
  try {
    const others = otherRequestsOfBatch(loader, args[0]);
    answer = callChannel.hasSubscribers ? tracedCall(guard, loader, args, loader, others) : guardedCall(guard, loader, args, loader, others);
  } catch (error) {
    return Promise.reject(error);
  }
  return answer instanceof Promise ? answer : Promise.resolve(answer);
}
