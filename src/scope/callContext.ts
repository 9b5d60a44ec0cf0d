import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallSignal } from './CallSignal.js';
import type { RequestRecord } from './RequestRecord.js';

/** What the runtime carries through async calls: the request's record and the dependency call's signal. */
export interface CallContext {
  readonly request: RequestRecord | undefined;
  readonly signal: CallSignal | undefined;
  /**
   * Inside a shared DataLoader's batch function that calls wrapped loaders indirectly (`evictDegradedKeys`,
   * `batchFromMap`): the other requests whose keys are in the batch, which its degradations are recorded in too.
   */
  readonly batchRequests?: readonly RequestRecord[] | undefined;
}

/**
 * One AsyncLocalStorage for both: on Node 20 every storage in use adds its own work to every promise the
 * process creates, so the request scope and the per-call signal share a single one.
 */
const contexts = new AsyncLocalStorage<CallContext>();

/** The current context, if any code up the async chain opened one. */
export function currentContext(): CallContext | undefined {
  return contexts.getStore();
}

/** Runs `fn` in `request`'s scope, keeping the current call signal. */
export function runInRequest<T>(request: RequestRecord, fn: () => T): T {
  return contexts.run({ request, signal: contexts.getStore()?.signal }, fn);
}

/**
 * Makes `request` the current scope for the rest of the current synchronous execution and every async
 * continuation created from it (`AsyncLocalStorage.enterWith`). Only for hosts that offer a hook before
 * execution but no way to wrap it (Apollo Server's `executionDidStart`, Mercurius's `preExecution`).
 */
export function enterRequest(request: RequestRecord): void {
  contexts.enterWith({ request, signal: contexts.getStore()?.signal });
}

/** Runs `fn` with `signal` as the call's signal, keeping the current request (and batch). */
export function runWithSignal<T>(signal: CallSignal, fn: () => T): T {
  const current = contexts.getStore();
  return contexts.run({ request: current?.request, signal, batchRequests: current?.batchRequests }, fn);
}

/** Runs `fn` (a shared DataLoader's batch) with `requests`, the other requests whose keys are in the batch, in its context. */
export function runInBatch<T>(requests: readonly RequestRecord[], fn: () => T): T {
  const current = contexts.getStore();
  return contexts.run({ request: current?.request, signal: current?.signal, batchRequests: requests }, fn);
}

/** The current request's record, if any (the hot path reads it once per call). */
export function currentRequest(): RequestRecord | undefined {
  return contexts.getStore()?.request;
}
