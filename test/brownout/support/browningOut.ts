/**
 * Puts the process's brownout at a given level through the real path (`configure({ brownout })`, then one
 * synthetic health sample fed to the controller), with an interval long enough that the sampler's own tick
 * never fires during a test.
 */
import { applyHealthSample } from '../../../src/brownout/brownoutInUse.js';
import { brownout } from '../../../src/brownout/brownoutState.js';
import { configure } from '../../../src/index.js';

const MAX_EVENT_LOOP_DELAY_MS = 50;

/** Turns brownout on and feeds one overloaded sample that raises the level from 0 to `level` (0–6). */
export function browningOut(level: number): void {
  configure({ brownout: false });
  configure({ brownout: { intervalMs: 60_000, maxEventLoopDelayMs: MAX_EVENT_LOOP_DELAY_MS, shedGain: 1, maxShedStep: 6 } });
  if (level > 0) applyHealthSample({ latencyMs: undefined, eventLoopDelayMs: MAX_EVENT_LOOP_DELAY_MS * (1 + level), eventLoopUtilization: 0 });
  if (Math.abs(brownout.level - level) > 1e-9) throw new Error(`browningOut(${level}) left the level at ${brownout.level}`);
}

/** Turns brownout off (full service). */
export function brownoutOff(): void {
  configure({ brownout: false });
}
