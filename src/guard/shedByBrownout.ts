import { admitByBrownout } from '../brownout/admitByBrownout.js';
import { brownout } from '../brownout/brownoutState.js';
import type { Dependency } from '../core/Dependency.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/**
 * Step 1b of a call: does the process's brownout shed it? Only while the level is above 0 (the API is
 * overloaded: `configure({ brownout })`), and never a critical dependency (tiers 0 and 1): the call's
 * (tier, request priority) class is below the level, or in the class the level is in and outside its
 * admitted share (`admitByBrownout`). A shed call answers with the fallback at once, reason `shed`,
 * outcome `shed`. While brownout is off or idle this is one comparison.
 */
export function shedByBrownout(dependency: Dependency, request: RequestRecord | undefined): boolean {
  const level = brownout.level;
  return level > 0 && !admitByBrownout(level, dependency, request);
}
