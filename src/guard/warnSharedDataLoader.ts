import type { Dependency } from '../core/Dependency.js';
import { currentRequest } from '../scope/callContext.js';

/**
 * Where a DataLoader keeps the number of the request its first batch ran in (-1 once found shared: no
 * more checks). A symbol property on the loader, not a WeakMap: DataLoaders are made per request, and
 * a WeakMap entry per short-lived loader cost more than the rest of the batch's bookkeeping.
 */
const FIRST_REQUEST = Symbol('field-dependency.firstRequest');

/** A DataLoader, as far as this check touches it. */
interface MarkedLoader {
  [FIRST_REQUEST]?: number;
}

/** Dependencies already warned about (once each). */
const warned = new WeakSet<Dependency>();

/**
 * Warns, once per dependency, when a DataLoader's batches run in the scopes of different requests: a
 * DataLoader shared by requests runs each batch in the scope of the request that started it, so the
 * other requests whose keys were in it get no `x-degraded-fields` entry and no endpoint count for it.
 * The fix is one DataLoader per request. A property read per batch, nothing per `load()`.
 */
export function warnSharedDataLoader(loader: object, dependency: Dependency): void {
  const request = currentRequest();
  if (request === undefined) return;
  const marked = loader as MarkedLoader;
  const first = marked[FIRST_REQUEST];
  if (first === undefined) {
    if (Object.isExtensible(loader)) marked[FIRST_REQUEST] = request.number;
    return;
  }
  if (first === request.number || first === -1) return;
  marked[FIRST_REQUEST] = -1;
  if (warned.has(dependency)) return;
  warned.add(dependency);
  process.emitWarning(
    `field '${dependency.field}' (owner '${dependency.owner}'): one DataLoader served batches in two requests. A batch runs in the scope of the ` +
      'request that started it, so the other requests get no x-degraded-fields entry and no endpoint count for it: create one DataLoader per request.',
    { code: 'FIELD_DEPENDENCY_SHARED_DATALOADER', type: 'FieldDependencyWarning' },
  );
}
