import { currentRequest, runInBatch } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/**
 * The parts of a DataLoader (graphql/dataloader 2.x) that tell which batch a `load` joined: the batch
 * being filled, whose `keys` array is the one the batch function is later called with.
 */
interface BatchingLoader {
  load(key: unknown): unknown;
  readonly _batch?: { readonly keys?: unknown } | null;
}

/** Marks the `load` function given to a followed loader, so that a loader is followed once. */
const FOLLOWING = Symbol('field-dependency.following');

/** The requests whose `load()` put keys into a batch, by the batch's `keys` array. */
const requestsByBatch = new WeakMap<object, RecordSet>();

type RecordSet = RequestRecord[];

/**
 * The requests other than the current one whose `load()` calls put keys into this batch of `loader` (`keys` is
 * the array the DataLoader called its batch function with), or `undefined` when there are none: a
 * DataLoader shared by requests (a module-level loader, a singleton service) runs each batch in the
 * scope of the request that started it, and the others would get no record of its degradations.
 *
 * A DataLoader cannot be seen before its first batch: from then on its `load` is followed (an own
 * `load` property of that one loader, which notes the current request in the batch a key joins, a
 * key already pending in it included; a cache hit on an earlier batch is not noted). A per-request loader
 * pays one check per `load()` and never has other requests.
 */
export function otherRequestsOfBatch(loader: object, keys: unknown): readonly RequestRecord[] | undefined {
  follow(loader as BatchingLoader);
  if (typeof keys !== 'object' || keys === null) return undefined;
  const requests = requestsByBatch.get(keys);
  if (requests === undefined) return undefined;
  requestsByBatch.delete(keys);
  // The current request, read only for a batch that has noted requests: a per-request loader's batch has none.
  const current = currentRequest();
  const others = requests.filter((request) => request !== current);
  return others.length === 0 ? undefined : others;
}

/**
 * Runs `batch` (the part of a DataLoader batch function that calls wrapped loaders indirectly, in
 * `evictDegradedKeys` and `batchFromMap`) so that the wrapped loaders it calls record their degradations
 * in every request whose keys are in the batch, as a wrapped function given straight to the DataLoader does.
 */
export function inBatchOf<T>(loader: unknown, keys: unknown, batch: () => T): T {
  if (typeof loader !== 'object' || loader === null || !('_batchLoadFn' in loader)) return batch();
  const others = otherRequestsOfBatch(loader, keys);
  return others === undefined ? batch() : runInBatch(others, batch);
}

/** The request and batch a followed loader last noted: its next loads into the same batch from the same request skip the lookup. */
const LAST_NOTED = Symbol('field-dependency.last-noted');

interface FollowedLoader extends BatchingLoader {
  [LAST_NOTED]?: { keys: unknown[]; request: RequestRecord };
}

type Load = BatchingLoader['load'] & { [FOLLOWING]?: true };

/**
 * The followed `load` made for each original `load`, shared by every loader that has it: in practice one, DataLoader's
 * own (the last one made is checked first). Weak: a `load` made per loader leaves with its loader.
 */
const followedLoads = new WeakMap<Load, Load>();
let lastLoad: { readonly load: Load; readonly followed: Load } | undefined;

function follow(loader: BatchingLoader): void {
  const load = loader.load as Load;
  if (typeof load !== 'function' || load[FOLLOWING] === true || !Object.isExtensible(loader)) return;
  try {
    // A plain assignment, not defineProperty: the loader keeps its fast (non-dictionary) shape.
    loader.load = followedLoadOf(load);
  } catch {
    // A `load` that cannot be replaced (a getter, a non-writable property): that loader is not followed.
  }
}

/**
 * The `load` that calls `load` and notes the current request in the batch the key joined. Shared by the loaders
 * that had `load`, a per-request loader allocates nothing to be followed; its last noted batch is kept on the
 * loader itself, once there is a request to note.
 */
function followedLoadOf(load: Load): Load {
  if (lastLoad?.load === load) return lastLoad.followed;
  let followed = followedLoads.get(load);
  if (followed !== undefined) {
    lastLoad = { load, followed };
    return followed;
  }
  followed = function followedLoad(this: FollowedLoader, key: unknown): unknown {
    const before = this._batch?.keys;
    const length = Array.isArray(before) ? before.length : 0;
    const answer = load.call(this, key);
    const request = currentRequest();
    const keys = this._batch?.keys;
    if (request === undefined || !Array.isArray(keys)) return answer;
    const last = this[LAST_NOTED];
    if (last !== undefined && keys === last.keys && request === last.request) return answer;
    const joined = keys !== before ? keys.length > 0 : keys.length > length;
    if (joined || keys.includes(key)) {
      note(keys, request);
      if (last !== undefined) {
        last.keys = keys;
        last.request = request;
      } else if (Object.isExtensible(this)) {
        this[LAST_NOTED] = { keys, request };
      }
    }
    return answer;
  };
  followed[FOLLOWING] = true;
  followedLoads.set(load, followed);
  lastLoad = { load, followed };
  return followed;
}

function note(keys: object, request: RequestRecord): void {
  const requests = requestsByBatch.get(keys);
  if (requests === undefined) requestsByBatch.set(keys, [request]);
  else if (requests[requests.length - 1] !== request && !requests.includes(request)) requests.push(request);
}
