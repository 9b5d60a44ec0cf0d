import type { Dependency } from '../core/Dependency.js';
import { currentRequest } from '../scope/callContext.js';

/** Per DataLoader: the number of the request its first batch ran in; -1 once found shared (no more checks). */
const firstRequestOf = new WeakMap<object, number>();
/** Dependencies already warned about (once each). */
const warned = new WeakSet<Dependency>();

/**
 * Warns, once per dependency, when a DataLoader's batches run in the scopes of different requests: a
 * DataLoader shared by requests runs each batch in the scope of the request that started it, so the
 * other requests whose keys were in it get no `x-degraded-fields` entry and no endpoint count for it.
 * The fix is one DataLoader per request. A map lookup per batch, nothing per `load()`.
 */
export function warnSharedDataLoader(loader: object, dependency: Dependency): void {
  const request = currentRequest();
  if (request === undefined) return;
  const first = firstRequestOf.get(loader);
  if (first === undefined) {
    firstRequestOf.set(loader, request.number);
    return;
  }
  if (first === request.number || first === -1) return;
  firstRequestOf.set(loader, -1);
  if (warned.has(dependency)) return;
  warned.add(dependency);
  process.emitWarning(
    `field '${dependency.field}' (owner '${dependency.owner}'): one DataLoader served batches in two requests. A batch runs in the scope of the ` +
      'request that started it, so the other requests get no x-degraded-fields entry and no endpoint count for it: create one DataLoader per request.',
    { code: 'FIELD_DEPENDENCY_SHARED_DATALOADER', type: 'FieldDependencyWarning' },
  );
}
