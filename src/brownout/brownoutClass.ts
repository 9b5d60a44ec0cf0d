import type { DependencyTier, RequestPriority } from '../contract/brownoutClasses.js';

/** The number of (tier, priority) classes brownout sheds: the controller's level runs from 0 to this. */
export const BROWNOUT_CLASSES = 6;

/** How many classes come before a priority's: low 0, normal 2, high 4 (two sheddable tiers each). */
const PRIORITY_OFFSET: Readonly<Record<RequestPriority, number>> = { low: 0, normal: 2, high: 4 };

/**
 * The place of (tier, priority) in the order brownout sheds, first shed first: (3, low) 0, (2, low) 1,
 * (3, normal) 2, (2, normal) 3, (3, high) 4, (2, high) 5. A low-priority request loses every optional
 * field before a normal one loses any. Only for tiers 2 and 3 (tiers 0 and 1 are never shed).
 */
export function brownoutClass(tier: DependencyTier, priority: RequestPriority): number {
  return PRIORITY_OFFSET[priority] + (tier === 3 ? 0 : 1);
}

/**
 * The share of a class's calls admitted at `level` (classes shed, fractional): 1 for a class above the
 * level, 0 for one below it, and one minus the fractional part for the class the level is in.
 */
export function admittedShare(level: number, classIndex: number): number {
  return Math.min(1, Math.max(0, 1 - (level - classIndex)));
}
