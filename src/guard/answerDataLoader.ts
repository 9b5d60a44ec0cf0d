import { otherRequestsOfBatch } from '../dataloader/batchRequests.js';
import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import { currentRequest } from '../scope/callContext.js';
import type { Guard } from './Guard.js';
import { guardedCall } from './guardedCall.js';

/** The part of a DataLoader the guard recognises it by: the batch function it was given. */
export interface DataLoaderLike extends ClearableLoader<unknown> {
  readonly _batchLoadFn?: unknown;
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
    answer = guardedCall(guard, loader, args, loader, otherRequestsOfBatch(loader, args[0], currentRequest()));
  } catch (error) {
    return Promise.reject(error);
  }
  return answer instanceof Promise ? answer : Promise.resolve(answer);
}
