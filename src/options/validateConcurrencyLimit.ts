import { describe } from '../fallback/emptyValues.js';
import { ADAPTIVE_CONCURRENCY_DEFAULTS } from './FieldDependencyOptions.js';

const ADAPTIVE_KEYS = new Set(['adaptive', 'initial', 'min', 'max', 'tolerance']);
/** The largest limit accepted: past it a limit limits nothing. */
const MAX_LIMIT = 2 ** 31 - 1;
const FIXED = `a whole number of calls from 1 to ${MAX_LIMIT} (e.g. 20), or { adaptive: true } for a limit that follows the latency`;

/**
 * Checks the `concurrencyLimit` option (given, not `undefined`), and that the dependency is not critical
 * (`critical: true`, or `tier` 0 or 1 alone):
 * throws a `TypeError` naming the value and the fix.
 */
export function validateConcurrencyLimit(limit: unknown, critical: unknown, tier: unknown): void {
  if (critical === true || tier === 0 || tier === 1) {
    const declared = critical === true ? '`critical: true`' : `\`tier: ${String(tier)}\` (critical)`;
    throw new TypeError(
      `fieldDependency: option \`concurrencyLimit\` cannot apply to a critical dependency (a critical dependency is never shed); received ${describe(limit)} ` +
        `with ${declared}. Remove \`concurrencyLimit\`, or declare the field optional (\`critical: false\`, tier 2 or 3) if it can degrade`,
    );
  }
  if (typeof limit === 'number') {
    if (!isCount(limit)) throw limitError('concurrencyLimit', FIXED, limit);
    return;
  }
  if (typeof limit !== 'object' || limit === null || Array.isArray(limit)) throw limitError('concurrencyLimit', FIXED, limit);
  const given = limit as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!ADAPTIVE_KEYS.has(key)) {
      throw new TypeError(`fieldDependency: unknown option \`concurrencyLimit.${key}\`; expected one of ${[...ADAPTIVE_KEYS].join(', ')}`);
    }
  }
  const { adaptive, initial, min, max, tolerance } = given;
  if (adaptive !== true) throw limitError('concurrencyLimit.adaptive', `true (for a fixed limit, give the number itself: \`concurrencyLimit: 20\`)`, adaptive);
  for (const [key, value] of [['initial', initial], ['min', min], ['max', max]] as const) {
    if (value !== undefined && !isCount(value)) throw limitError(`concurrencyLimit.${key}`, `a whole number from 1 to ${MAX_LIMIT}`, value);
  }
  if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance > 1 && Number.isFinite(tolerance))) {
    throw limitError('concurrencyLimit.tolerance', 'a finite number greater than 1 (how many times its normal latency a call may take, e.g. 2)', tolerance);
  }
  const lowest = (min as number | undefined) ?? ADAPTIVE_CONCURRENCY_DEFAULTS.min;
  const highest = (max as number | undefined) ?? ADAPTIVE_CONCURRENCY_DEFAULTS.max;
  if (lowest > highest) {
    throw new TypeError(
      `fieldDependency: option \`concurrencyLimit.min\` (${lowest}) must be at most \`concurrencyLimit.max\` (${highest}${max === undefined ? ', the default' : ''}); ` +
        'lower `min` or raise `max`',
    );
  }
  if (initial !== undefined && ((initial as number) < lowest || (initial as number) > highest)) {
    throw limitError('concurrencyLimit.initial', `from \`min\` (${lowest}) to \`max\` (${highest})`, initial);
  }
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LIMIT;
}

function limitError(option: string, expected: string, received: unknown): TypeError {
  return new TypeError(`fieldDependency: option \`${option}\` must be ${expected}; received ${describe(received)}`);
}
