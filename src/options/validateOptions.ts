import { DEPENDENCY_TIERS, type DependencyTier } from '../contract/brownoutClasses.js';
import { describe } from '../fallback/emptyValues.js';
import type { FieldDependencyOptions } from './FieldDependencyOptions.js';
import { OWNER_PATTERN, OWNER_PATTERN_TEXT } from '../contract/ownerPattern.js';
import { MAX_NAME_LENGTH } from './maxNameLength.js';
import { validateConcurrencyLimit } from './validateConcurrencyLimit.js';

const KNOWN_OPTIONS = new Set(['owner', 'critical', 'tier', 'name', 'timeoutMs', 'breaker', 'fallback', 'decider', 'concurrencyLimit']);
const FORBIDDEN_BREAKER_OPTIONS: Readonly<Record<string, string>> = {
  timeout: 'use the `timeoutMs` option, which also cancels the call',
  abortController: 'cancellation is per call: read `currentSignal()` in the loader',
  autoRenewAbortController: 'cancellation is per call: read `currentSignal()` in the loader',
  name: 'the breaker is named after the field and owner',
  group: 'the breaker is grouped by owner',
  cache: 'a cached answer would hide both the upstream failing and its recovery',
};

/**
 * Checks options once, at decoration time, and throws a `TypeError` naming the option, what was
 * expected and what was received.
 */
export function validateOptions(options: unknown): asserts options is FieldDependencyOptions {
  if (typeof options !== 'object' || options === null) {
    throw optionError('options', 'an object with at least `owner`', options);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(
        `fieldDependency: unknown option \`${key}\`; expected one of ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const { owner, critical, tier, name, timeoutMs, breaker, fallback, decider, concurrencyLimit } = given;
  if (typeof owner !== 'string' || !OWNER_PATTERN.test(owner)) {
    throw optionError('owner', `a team name matching ${OWNER_PATTERN_TEXT}, e.g. "shopping"`, owner);
  }
  if (owner.length > MAX_NAME_LENGTH) throw tooLong('owner', owner);
  if (critical !== undefined && typeof critical !== 'boolean') {
    throw optionError('critical', 'true or false', critical);
  }
  validateTier(tier, critical);
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw optionError('name', 'a non-empty string', name);
  }
  if (typeof name === 'string' && name.length > MAX_NAME_LENGTH) throw tooLong('name', name);
  if (timeoutMs !== undefined && !isDelay(timeoutMs, 'positive')) {
    throw optionError('timeoutMs', `a finite number of milliseconds greater than 0 and ${DELAY_LIMIT}`, timeoutMs);
  }
  if (breaker !== undefined && breaker !== false) {
    if (typeof breaker !== 'object' || breaker === null || Array.isArray(breaker)) {
      throw optionError('breaker', 'opossum options (an object) or false', breaker);
    }
    for (const key of Object.keys(breaker)) {
      const why = FORBIDDEN_BREAKER_OPTIONS[key];
      if (why !== undefined) throw new TypeError(`fieldDependency: option \`breaker.${key}\` is not supported: ${why}`);
    }
    const { resetTimeout, rollingCountTimeout } = breaker as Record<string, unknown>;
    if (resetTimeout !== undefined && !isDelay(resetTimeout, 'zeroOrMore')) {
      throw optionError('breaker.resetTimeout', `a number of milliseconds, 0 or more and ${DELAY_LIMIT}`, resetTimeout);
    }
    if (rollingCountTimeout !== undefined && !isDelay(rollingCountTimeout, 'positive')) {
      throw optionError('breaker.rollingCountTimeout', `a number of milliseconds greater than 0 and ${DELAY_LIMIT}`, rollingCountTimeout);
    }
  }
  if (decider !== undefined && decider !== false && !(typeof decider === 'string' && /^\S+$/.test(decider))) {
    throw optionError('decider', "a flag key without spaces (e.g. 'shopping.kill-switch') or false for no decider", decider);
  }
  if (fallback !== undefined) {
    if (typeof fallback !== 'function') throw optionError('fallback', 'a function (args, error) => value', fallback);
    if (Object.prototype.toString.call(fallback) === '[object AsyncFunction]') {
      throw new TypeError(
        'fieldDependency: option `fallback` must return the value itself, not a promise (it runs when the loader has already failed or timed out); ' +
          `received ${describe(fallback)}, an async function. Compute what it needs ahead of time, or leave it out to use the empty value of \`type\``,
      );
    }
    if (critical === true || tier === 0 || tier === 1) {
      throw new TypeError('fieldDependency: option `fallback` has no effect on a critical dependency (`critical: true`, or tier 0 or 1); remove it, or declare the dependency optional (`critical: false`, tier 2 or 3)');
    }
  }
  if (concurrencyLimit !== undefined) validateConcurrencyLimit(concurrencyLimit, critical, tier);
}

/**
 * `tier` is 0–3 and agrees with `critical`: tiers 0 and 1 are critical (never shed), 2 and 3 are not. A
 * `TypeError` names both values and the fix when they disagree.
 */
function validateTier(tier: unknown, critical: unknown): void {
  if (tier === undefined) return;
  if (!DEPENDENCY_TIERS.includes(tier as DependencyTier)) {
    throw optionError('tier', '0, 1 (critical: may take the site down), 2 or 3 (optional: brownout sheds tier 3 first)', tier);
  }
  const criticalTier = (tier as number) <= 1;
  if (critical === true && !criticalTier) {
    throw new TypeError(
      `fieldDependency: option \`tier: ${String(tier)}\` (optional, may be shed) contradicts \`critical: true\`; a critical dependency is tier 0 or 1: ` +
        'set `tier: 1` (or leave it out), or `critical: false` if the page can do without it',
    );
  }
  if (critical === false && criticalTier) {
    throw new TypeError(
      `fieldDependency: option \`tier: ${String(tier)}\` (may take the site down, never shed) contradicts \`critical: false\`; ` +
        'set `tier: 2` or `3` for an optional dependency, or `critical: true` (or leave `critical` out) for a critical one',
    );
  }
}

/** The largest delay `setTimeout` honours: above it, Node fires after 1 ms instead. */
const MAX_DELAY_MS = 2 ** 31 - 1;
const DELAY_LIMIT = `at most ${MAX_DELAY_MS} (2^31 − 1, the largest delay setTimeout honours; about 24.8 days)`;

function isDelay(value: unknown, lowest: 'positive' | 'zeroOrMore'): boolean {
  return typeof value === 'number' && (lowest === 'positive' ? value > 0 : value >= 0) && value <= MAX_DELAY_MS;
}

function tooLong(option: string, value: string): TypeError {
  return new TypeError(
    `fieldDependency: option \`${option}\` must be at most ${MAX_NAME_LENGTH} characters long (MAX_NAME_LENGTH); ` +
      `received ${value.length} characters, starting ${describe(value)}`,
  );
}

function optionError(option: string, expected: string, received: unknown): TypeError {
  return new TypeError(`fieldDependency: option \`${option}\` must be ${expected}; received ${describe(received)}`);
}
