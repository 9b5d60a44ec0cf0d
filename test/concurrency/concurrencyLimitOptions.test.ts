import { describe, expect, test } from 'vitest';
import { fieldDependency, fieldDependencyOf } from 'field-dependency';
import { dependencyOf } from '../../src/core/guardedLoaders.js';

function typeErrorOf(concurrencyLimit: unknown, extra: Record<string, unknown> = {}): TypeError {
  try {
    fieldDependency(Map, { owner: 'pins', name: 'badLimit', concurrencyLimit, ...extra } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('no TypeError');
}

describe('the concurrencyLimit option', () => {
  test.each([
    [0, 'must be a whole number of calls from 1 to 2147483647 (e.g. 20), or { adaptive: true } for a limit that follows the latency; received number 0'],
    [-3, 'received number -3'],
    [2.5, 'received number 2.5'],
    [Number.NaN, 'received number NaN'],
    [Number.POSITIVE_INFINITY, 'received number Infinity'],
    [2 ** 31, 'received number 2147483648'],
    ['20', 'received "20"'],
    [null, 'received null'],
    [[20], 'received an array of 1'],
    [true, 'received boolean true'],
  ])('a bad fixed limit %s is a TypeError naming it', (value, message) => {
    const error = typeErrorOf(value);
    expect(error.message).toContain('fieldDependency: option `concurrencyLimit` must be a whole number of calls');
    expect(error.message).toContain(message);
  });

  test.each([
    [{}, 'option `concurrencyLimit.adaptive` must be true (for a fixed limit, give the number itself: `concurrencyLimit: 20`); received undefined'],
    [{ adaptive: false }, 'option `concurrencyLimit.adaptive` must be true (for a fixed limit, give the number itself: `concurrencyLimit: 20`); received boolean false'],
    [{ adaptive: 'yes' }, 'option `concurrencyLimit.adaptive` must be true'],
    [{ adaptive: true, min: 0 }, 'option `concurrencyLimit.min` must be a whole number from 1 to 2147483647; received number 0'],
    [{ adaptive: true, max: 1.5 }, 'option `concurrencyLimit.max` must be a whole number from 1 to 2147483647; received number 1.5'],
    [{ adaptive: true, initial: '10' }, 'option `concurrencyLimit.initial` must be a whole number from 1 to 2147483647; received "10"'],
    [{ adaptive: true, tolerance: 1 }, 'option `concurrencyLimit.tolerance` must be a finite number greater than 1 (how many times its normal latency a call may take, e.g. 2); received number 1'],
    [{ adaptive: true, tolerance: Number.POSITIVE_INFINITY }, 'option `concurrencyLimit.tolerance` must be a finite number greater than 1'],
    [{ adaptive: true, min: 10, max: 5 }, 'option `concurrencyLimit.min` (10) must be at most `concurrencyLimit.max` (5); lower `min` or raise `max`'],
    [{ adaptive: true, min: 300 }, 'option `concurrencyLimit.min` (300) must be at most `concurrencyLimit.max` (200, the default); lower `min` or raise `max`'],
    [{ adaptive: true, initial: 500 }, 'option `concurrencyLimit.initial` must be from `min` (1) to `max` (200); received number 500'],
    [{ adaptive: true, min: 5, initial: 2 }, 'option `concurrencyLimit.initial` must be from `min` (5) to `max` (200); received number 2'],
    [{ adaptive: true, maximum: 10 }, 'unknown option `concurrencyLimit.maximum`; expected one of adaptive, initial, min, max, tolerance'],
  ])('a bad adaptive limit %o is a TypeError naming the value and the fix', (value, message) => {
    expect(typeErrorOf(value).message).toContain(`fieldDependency: ${message}`);
  });

  test('a critical dependency cannot have one: it is never shed', () => {
    expect(typeErrorOf(10, { critical: true }).message).toBe(
      'fieldDependency: option `concurrencyLimit` cannot apply to a critical dependency (a critical dependency is never shed); received number 10 with `critical: true`. ' +
        'Remove `concurrencyLimit`, or declare the field optional (`critical: false`, tier 2 or 3) if it can degrade',
    );
    expect(typeErrorOf({ adaptive: true }, { critical: true }).message).toContain('cannot apply to a critical dependency');
    // Tier 0 or 1 alone declares a critical dependency.
    expect(typeErrorOf(10, { tier: 1 }).message).toContain('received number 10 with `tier: 1` (critical).');
    expect(typeErrorOf(10, { tier: 0 }).message).toContain('with `tier: 0` (critical)');
    expect(fieldDependency(Map, { owner: 'pins', name: 'tierThreeLimited', tier: 3, concurrencyLimit: 2 })(async () => new Map())).toBeTypeOf('function');
  });

  test('good values, shown by fieldDependencyOf as declared (a frozen copy); none by default', () => {
    const fixed = fieldDependency(Map, { owner: 'pins', name: 'goodFixed', concurrencyLimit: 1 })(async () => new Map());
    expect(fieldDependencyOf(fixed)?.concurrencyLimit).toBe(1);
    const option = { adaptive: true, initial: 5, min: 2, max: 8, tolerance: 1.5 } as const;
    const adaptive = fieldDependency(Map, { owner: 'pins', name: 'goodAdaptive', concurrencyLimit: option })(async () => new Map());
    const declared = fieldDependencyOf(adaptive)?.concurrencyLimit;
    expect(declared).toEqual(option);
    expect(declared).not.toBe(option);
    expect(Object.isFrozen(declared)).toBe(true);
    expect(dependencyOf(adaptive)?.limiter?.limit).toBe(5);
    const defaults = fieldDependency(Map, { owner: 'pins', name: 'adaptiveDefaults', concurrencyLimit: { adaptive: true } })(async () => new Map());
    // Starts open, at `max`.
    expect(dependencyOf(defaults)?.limiter?.limit).toBe(200);
    const none = fieldDependency(Map, { owner: 'pins', name: 'noLimit' })(async () => new Map());
    expect(fieldDependencyOf(none)?.concurrencyLimit).toBeUndefined();
    expect(fieldDependency(Map, { owner: 'pins', name: 'undefinedLimit', concurrencyLimit: undefined })(async () => new Map())).toBeTypeOf('function');
  });

  test('a loader factory declaring the same limit per request shares one limiter, without a warning; another limit for the same field warns', async () => {
    const warnings: string[] = [];
    const listen = (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.name);
    process.on('warning', listen);
    try {
      const perRequest = () => fieldDependency(Map, { owner: 'pins', name: 'perRequestLimit', concurrencyLimit: { adaptive: true, max: 50 } })(async () => new Map());
      const first = dependencyOf(perRequest());
      for (let request = 0; request < 5; request++) expect(dependencyOf(perRequest())).toBe(first);
      expect(first?.limiter?.limit).toBe(50);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
      fieldDependency(Map, { owner: 'pins', name: 'perRequestLimit', concurrencyLimit: 5 })(async () => new Map());
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual(['FIELD_DEPENDENCY_DUPLICATE']);
    } finally {
      process.off('warning', listen);
    }
  });
});
