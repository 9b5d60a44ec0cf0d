import type { Dependency } from '../core/Dependency.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/**
 * Step 1 of a call: is it admitted, i.e. may it call the loader? Not when the dependency is switched
 * off by `disableDependency`. A refused call answers with the fallback, reason `disabled`.
 * A cheap branch on fields of the dependency: it runs on every call.
 */
export function admitCall(dependency: Dependency, _request: RequestRecord | undefined): boolean {
  return !dependency.disabled;
}
