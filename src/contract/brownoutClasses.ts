/**
 * How optional a dependency is, after the tiers of the services that may or may not take the site down:
 * tiers 0 and 1 may (a `critical` dependency: never shed), tiers 2 and 3 may not (brownout sheds tier 3
 * first, then tier 2). A non-critical dependency is tier 2 unless it says otherwise; a critical one tier 1.
 */
export type DependencyTier = 0 | 1 | 2 | 3;

/** Every {@link DependencyTier}, most important first. */
export const DEPENDENCY_TIERS: readonly DependencyTier[] = Object.freeze([0, 1, 2, 3]);

/** The tiers brownout may shed, in the order it sheds them (the `tier` label values of the brownout metrics). */
export const SHEDDABLE_TIERS: readonly DependencyTier[] = Object.freeze([3, 2]);

/**
 * How important a request is to its user: `high` (user-initiated, the page being looked at), `normal`
 * (the default), `low` (prefetch, background refresh, batch jobs). Under brownout a low-priority request
 * loses its optional fields first.
 */
export type RequestPriority = 'high' | 'normal' | 'low';

/** Every {@link RequestPriority}, most important first (the `priority` label values of the brownout metrics). */
export const REQUEST_PRIORITIES: readonly RequestPriority[] = Object.freeze(['high', 'normal', 'low']);
