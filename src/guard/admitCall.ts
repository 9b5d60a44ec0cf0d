import type { Dependency } from '../core/Dependency.js';
import { admitted } from '../deciders/admitted.js';
import { targetingHash } from '../deciders/targetingHash.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/**
 * Step 1 of a call: is it admitted, i.e. may it call the loader? Not when the dependency is switched
 * off by `disableDependency`, nor when its decider is below 100 and the call falls outside its share
 * (sticky per targeting key, random without one). A refused call answers with the fallback, reason
 * `disabled`. Cheap branches on plain fields of the dependency: it runs on every call, and the decider's
 * flag is never evaluated here (`src/deciders` keeps `percent` current).
 */
export function admitCall(dependency: Dependency, request: RequestRecord | undefined): boolean {
  if (dependency.disabled) return false;
  const percent = dependency.percent;
  if (percent >= 100) return true;
  const salt = (dependency.deciderSalt ??= dependency.decider === false ? 0 : targetingHash(dependency.decider));
  return admitted(percent, salt, request === undefined ? -1 : request.targetingHash);
}
