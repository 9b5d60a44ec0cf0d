import type { Dependency } from '../core/Dependency.js';

/** Dependencies already warned about (once each). */
const warned = new WeakSet<Dependency>();

/**
 * Warns, once per dependency, the first time one of its DataLoader batches holds keys loaded by several
 * requests (a DataLoader shared by requests: a module-level loader, a singleton service). Its
 * degradations are recorded in every one of those requests, but the batch runs in the scope of the
 * request that started it (its timeout, its decider targeting key, its trace), and a DataLoader's first
 * batch, run before the library has seen the loader, cannot be followed. The fix is one DataLoader per
 * request. Requests one after the other (a subscription's events) share no batch and are not warned about.
 */
export function warnSharedDataLoader(dependency: Dependency): void {
  if (warned.has(dependency)) return;
  warned.add(dependency);
  process.emitWarning(
    `field '${dependency.field}' (owner '${dependency.owner}'): one DataLoader batch held keys of several requests. Its degradations are recorded in each ` +
      'of them, but it runs in the scope of the request that started it, and a DataLoader\'s first batch cannot be followed: create one DataLoader per request.',
    { code: 'FIELD_DEPENDENCY_SHARED_DATALOADER', type: 'FieldDependencyWarning' },
  );
}
