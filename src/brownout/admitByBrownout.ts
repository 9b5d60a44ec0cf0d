import type { RequestPriority } from '../contract/brownoutClasses.js';
import type { Dependency } from '../core/Dependency.js';
import { admitted } from '../deciders/admitted.js';
import { targetingHash } from '../deciders/targetingHash.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import { brownoutClass } from './brownoutClass.js';

/**
 * The salt of brownout's buckets: one for every field, so that a user whose page is browned out loses the
 * class's fields together (a consistent page), not a different subset on each field.
 */
const BROWNOUT_SALT = targetingHash('field-dependency.brownout');

/**
 * Whether brownout at `level` (> 0) admits a call of `dependency` made in `request`: always for tiers 0
 * and 1 (critical); never when the call's (tier, priority) class is below the level; for the class the
 * level is in, the share `1 − fraction`, sticky per targeting key (the deciders' hash, so a user keeps the
 * same answer while the level stays, and stays admitted as it falls), else per request (every call of
 * one request gets the same answer). A call outside any request is a `normal` one, drawn at random.
 */
export function admitByBrownout(level: number, dependency: Dependency, request: RequestRecord | undefined): boolean {
  const tier = dependency.tier;
  if (tier < 2) return true;
  const priority: RequestPriority = request === undefined ? 'normal' : request.priority;
  const position = level - brownoutClass(tier, priority);
  if (position <= 0) return true;
  if (position >= 1) return false;
  const keyHash = request === undefined ? -1 : request.targetingKey === undefined ? request.number : request.targetingHash;
  return admitted((1 - position) * 100, BROWNOUT_SALT, keyHash);
}
