import diagnosticsChannel from 'node:diagnostics_channel';
import { dependencyOf } from '../core/guardedLoaders.js';
import { DEGRADED_CHANNEL, type DegradationEvent } from '../events/degradedChannel.js';
import { currentRequest } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/** A batched HTTP request: which of its operations loaded each key of each dependency. */
interface Batch {
  /** Per dependency (`field` and `owner`), per key: the operations whose resolvers loaded it. */
  readonly loads: Map<string, Map<unknown, Set<RequestRecord>>>;
}

/** A DataLoader, as far as this module touches it. */
interface LoaderLike {
  load(key: unknown): unknown;
  readonly _batchLoadFn?: unknown;
  [TRACKED]?: true;
}

const TRACKED = Symbol('field-dependency.batchedLoads');
/** The batch each operation of a batched request belongs to. */
const batchOf = new WeakMap<RequestRecord, Batch>();
let listening = false;

/**
 * The operations of batched HTTP requests (Apollo Server's `allowBatchedHttpRequests`, Mercurius's
 * `allowBatchedQueries`), which share one GraphQL context and so one set of DataLoaders: a DataLoader
 * batch holding keys of several operations runs in the scope of the operation that dispatched it, and
 * only that one would record the degradation. Once a second operation of the same HTTP request starts,
 * the DataLoaders made from wrapped batch functions that the context holds (its own properties, its
 * prototype's for Mercurius's per-operation context, and one level down, as in `context.loaders.x`) note
 * which operation loads each key; a degradation (from the `field-dependency:degraded` channel) is then
 * also noted in every operation that loaded one of its keys. A request of one operation costs a WeakMap
 * entry; its loaders are left alone.
 */
export class BatchedOperations {
  /**
   * Keyed by the server's object shared by a request's operations (Apollo's response head, Fastify's
   * reply): the first operation's record, then, from the second on, the batch.
   */
  private readonly batches = new WeakMap<object, RequestRecord | Batch>();

  /** Adds an operation (its record and GraphQL context) to its HTTP request's batch. */
  join(request: object, record: RequestRecord, context: unknown): void {
    const first = this.batches.get(request);
    if (first === undefined) {
      this.batches.set(request, record);
      return;
    }
    // A second operation: from now on their loads are noted. Keys loaded before it started can only be in
    // DataLoader batches of the first operation's own, which records them itself.
    let batch: Batch;
    if ('loads' in first) batch = first;
    else {
      this.batches.set(request, (batch = { loads: new Map() }));
      batchOf.set(first, batch);
    }
    batchOf.set(record, batch);
    listen();
    for (const loader of dataLoadersIn(context)) trackLoads(loader);
  }
}

function dependencyKey(field: string, owner: string): string {
  return `${field}\u0000${owner}`;
}

/** The DataLoaders of wrapped batch functions in a GraphQL context (see {@link BatchedOperations}). */
function dataLoadersIn(context: unknown): LoaderLike[] {
  const found: LoaderLike[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null) return;
    if (dependencyOf((value as LoaderLike)._batchLoadFn) !== undefined && typeof (value as LoaderLike).load === 'function') {
      found.push(value as LoaderLike);
      return;
    }
    if (depth === 0) return;
    for (const holder of [value, Object.getPrototypeOf(value) as unknown]) {
      if (typeof holder !== 'object' || holder === null || holder === Object.prototype) continue;
      // Data properties only: a getter may build a loader, or throw.
      for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(holder))) {
        if ('value' in descriptor && descriptor.enumerable === true) visit(descriptor.value, depth - 1);
      }
    }
  };
  visit(context, 2);
  return found;
}

/** Makes `loader.load` note, per key, which operation of a batched request asked for it (once per loader). */
function trackLoads(loader: LoaderLike): void {
  if (loader[TRACKED] === true || !Object.isExtensible(loader)) return;
  const dependency = dependencyOf(loader._batchLoadFn);
  if (dependency === undefined) return;
  const key = dependencyKey(dependency.field, dependency.owner);
  const load = loader.load;
  Object.defineProperty(loader, 'load', {
    configurable: true,
    writable: true,
    value: function loadNotingOperation(this: LoaderLike, loaded: unknown): unknown {
      const record = currentRequest();
      const batch = record === undefined ? undefined : batchOf.get(record);
      if (batch !== undefined) {
        let byKey = batch.loads.get(key);
        if (byKey === undefined) batch.loads.set(key, (byKey = new Map()));
        let requesters = byKey.get(loaded);
        if (requesters === undefined) byKey.set(loaded, (requesters = new Set()));
        requesters.add(record as RequestRecord);
      }
      return load.call(this, loaded);
    },
  });
  loader[TRACKED] = true;
}

function listen(): void {
  if (listening) return;
  listening = true;
  diagnosticsChannel.subscribe(DEGRADED_CHANNEL, noteInRequesters);
}

/** Notes a degradation in every operation of the dispatching operation's batch that loaded one of its keys. */
function noteInRequesters(message: unknown): void {
  const record = currentRequest();
  const batch = record === undefined ? undefined : batchOf.get(record);
  if (batch === undefined) return;
  const { field, owner, reason, keys } = message as DegradationEvent;
  const byKey = batch.loads.get(dependencyKey(field, owner));
  if (byKey === undefined || keys === undefined) return;
  for (const key of keys) for (const requester of byKey.get(key) ?? []) requester.note(field, owner, reason);
}
