/**
 * Brownout as the hot path sees it: whether it is on (requests then measure their latency) and the level in
 * force, the number of (tier, priority) classes shed (0 full service, 6 every optional call shed; the
 * fractional part sheds that share of the next class). Set by the sampler once per interval, read on every
 * call: `level > 0` is the only cost of brownout to a call while it is off or idle.
 */
export const brownout = { on: false, level: 0 };
