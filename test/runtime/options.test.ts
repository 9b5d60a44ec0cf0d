import { beforeEach, describe, expect, it } from 'vitest';
import { fieldDependency, fieldDependencyOf, MAX_NAME_LENGTH, type FallbackType, type FieldDependencyOptions } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';

beforeEach(() => {
  useFreshMetricsRegistry();
});

let sequence = 0;
const uniqueName = (): string => `options_${++sequence}`;

/** Calls `fieldDependency` with options the type system would refuse, as plain JavaScript callers can. */
const declare = (options: unknown) => () => fieldDependency(Map, options as FieldDependencyOptions);
const declareType = (type: unknown) => () => fieldDependency(type as FallbackType, { owner: 'shopping' });

function typeErrorOf(fn: () => unknown): TypeError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TypeError);
  return thrown as TypeError;
}

describe('bad options throw a TypeError naming the option, what was expected and what was received', () => {
  const owner = 'shopping';
  const cases: readonly [label: string, options: unknown, message: RegExp][] = [
    ['options missing', undefined, /option `options` must be an object with at least `owner`; received undefined$/],
    ['options null', null, /option `options` must be an object with at least `owner`; received null$/],
    ['options a string', 'shopping', /option `options` must be an object with at least `owner`; received "shopping"$/],
    ['options a number', 42, /option `options` must be an object.*; received number 42$/],
    ['owner missing', {}, /option `owner` must be a team name matching .*; received undefined$/],
    ['owner empty', { owner: '' }, /option `owner` must be a team name matching .*; received ""$/],
    ['owner with a space', { owner: 'shopping team' }, /option `owner` must be a team name .*; received "shopping team"$/],
    ['owner starting with a dash', { owner: '-shopping' }, /option `owner` must be .*; received "-shopping"$/],
    ['owner with a slash', { owner: 'team/shopping' }, /option `owner` must be .*; received "team\/shopping"$/],
    ['owner a number', { owner: 7 }, /option `owner` must be .*; received number 7$/],
    ['owner an object', { owner: { team: 'x' } }, /option `owner` must be .*; received an object \(Object\)$/],
    ['critical a string', { owner, critical: 'yes' }, /option `critical` must be true or false; received "yes"$/],
    ['critical a number', { owner, critical: 1 }, /option `critical` must be true or false; received number 1$/],
    ['critical null', { owner, critical: null }, /option `critical` must be true or false; received null$/],
    ['name empty', { owner, name: '' }, /option `name` must be a non-empty string; received ""$/],
    ['name blank', { owner, name: '   ' }, /option `name` must be a non-empty string; received " {3}"$/],
    ['name a number', { owner, name: 3 }, /option `name` must be a non-empty string; received number 3$/],
    ['name of 201 characters', { owner, name: 'n'.repeat(201) }, /option `name` must be at most 200 characters long \(MAX_NAME_LENGTH\); received 201 characters, starting "n{40}…"$/],
    ['name of 64 KiB', { owner, name: 'n'.repeat(65_536) }, /option `name` must be at most 200 characters long .*; received 65536 characters/],
    ['owner of 201 characters', { owner: 'o'.repeat(201) }, /option `owner` must be at most 200 characters long \(MAX_NAME_LENGTH\); received 201 characters, starting "o{40}…"$/],
    ['timeoutMs 0', { owner, timeoutMs: 0 }, /option `timeoutMs` must be a finite number of milliseconds greater than 0 and at most 2147483647 .*; received number 0$/],
    ['timeoutMs -1', { owner, timeoutMs: -1 }, /option `timeoutMs` must be .*greater than 0 .*; received number -1$/],
    ['timeoutMs NaN', { owner, timeoutMs: Number.NaN }, /option `timeoutMs` must be .*; received number NaN$/],
    ['timeoutMs Infinity', { owner, timeoutMs: Number.POSITIVE_INFINITY }, /option `timeoutMs` must be .*; received number Infinity$/],
    ["timeoutMs '100'", { owner, timeoutMs: '100' }, /option `timeoutMs` must be .*; received "100"$/],
    ['timeoutMs null', { owner, timeoutMs: null }, /option `timeoutMs` must be .*; received null$/],
    ['breaker a string', { owner, breaker: 'on' }, /option `breaker` must be opossum options \(an object\) or false; received "on"$/],
    ['breaker true', { owner, breaker: true }, /option `breaker` must be opossum options \(an object\) or false; received boolean true$/],
    ['breaker null', { owner, breaker: null }, /option `breaker` must be .*; received null$/],
    ['breaker an array', { owner, breaker: [] }, /option `breaker` must be .*; received an array of 0$/],
    ['breaker a function', { owner, breaker: () => ({}) }, /option `breaker` must be .*; received function/],
    ['fallback a string', { owner, fallback: 'empty' }, /option `fallback` must be a function \(args, error\) => value; received "empty"$/],
    ['fallback an object', { owner, fallback: {} }, /option `fallback` must be a function .*; received an object \(Object\)$/],
  ];

  it('accepts a name and an owner of exactly MAX_NAME_LENGTH characters', () => {
    expect(MAX_NAME_LENGTH).toBe(200);
    expect(() => fieldDependency(Map, { owner: 'o'.repeat(200), name: 'n'.repeat(200) })).not.toThrow();
  });

  it.each(cases)('%s', (_label, options, message) => {
    const error = typeErrorOf(declare(options));
    expect(error.message).toMatch(/^fieldDependency: /);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['timeout', { timeout: 100 }, /`breaker\.timeout` is not supported: use the `timeoutMs` option/],
    ['abortController', { abortController: new AbortController() }, /`breaker\.abortController` is not supported: .*currentSignal\(\)/],
    ['autoRenewAbortController', { autoRenewAbortController: true }, /`breaker\.autoRenewAbortController` is not supported: .*currentSignal\(\)/],
    ['name', { name: 'x' }, /`breaker\.name` is not supported: the breaker is named after the field and owner/],
    ['group', { group: 'x' }, /`breaker\.group` is not supported: the breaker is grouped by owner/],
  ])('breaker.%s is rejected with a message pointing to the fix', (_key, breaker, message) => {
    expect(typeErrorOf(declare({ owner, breaker })).message).toMatch(message);
  });

  it('fallback with critical: true is rejected, saying how to fix it', () => {
    expect(typeErrorOf(declare({ owner, critical: true, fallback: () => new Map() })).message).toBe(
      'fieldDependency: option `fallback` has no effect on a critical dependency (`critical: true`, or tier 0 or 1); remove it, or declare the dependency optional (`critical: false`, tier 2 or 3)',
    );
  });

  it.each([
    ['timeout', 'a likely typo of timeoutMs'],
    ['owners', 'a plural'],
    ['type', 'the type passed as an option'],
  ])('unknown option %s (%s) is rejected, listing the known ones', (key) => {
    const error = typeErrorOf(declare({ owner, [key]: 1 }));
    expect(error.message).toBe(`fieldDependency: unknown option \`${key}\`; expected one of owner, critical, tier, name, timeoutMs, breaker, fallback, decider, concurrencyLimit`);
  });

  it('rejects at declaration, before any loader is wrapped or called', () => {
    let called = false;
    expect(() =>
      fieldDependency(Map, { owner: 'bad owner' })(async () => {
        called = true;
        return new Map();
      }),
    ).toThrow(TypeError);
    expect(called).toBe(false);
  });
});

describe('bad `type` values', () => {
  const cases: readonly [label: string, type: unknown, message: RegExp][] = [
    ['Date', Date, /`type` must be one of Map, Set, Array, Object, String, Number, Boolean, null, or \[T\] of one of them; received function Date$/],
    ['WeakMap', WeakMap, /`type` must be one of .*; received function WeakMap$/],
    ['undefined', undefined, /`type` must be one of .*; received undefined$/],
    ["the string 'Map'", 'Map', /`type` must be one of .*; received "Map"$/],
    ['a Map instance', new Map(), /`type` must be one of .*; received an object \(Map\)$/],
    ['an anonymous class', class {}, /`type` must be one of .*; received function/],
    ['[]', [], /`type` as an array must hold exactly one element type, like \[null\] or \[Map\]; received an array of 0$/],
    ['[Map, Set]', [Map, Set], /`type` as an array must hold exactly one element type.*; received an array of 2$/],
    ['[Date]', [Date], /`type` must be one of .*; received function Date$/],
    ['[[Map]]', [[Map]], /`type` must be one of .*; received an array of 1$/],
    ['[undefined]', [undefined], /`type` must be one of .*; received undefined$/],
  ];

  it.each(cases)('%s', (_label, type, message) => {
    const error = typeErrorOf(declareType(type));
    expect(error.message).toMatch(/^fieldDependency: /);
    expect(error.message).toMatch(message);
  });
});

describe('good options', () => {
  it.each([
    ['the minimum', {}],
    ['an upper-case owner (the pattern is case-insensitive)', { owner: 'Shopping' }],
    ['an owner with dots, dashes and underscores', { owner: 'team.shop_ping-1' }],
    ['every option explicitly undefined', { critical: undefined, name: undefined, timeoutMs: undefined, breaker: undefined, fallback: undefined }],
    ['a fractional timeout', { timeoutMs: 0.5 }],
    ['breaker false', { breaker: false }],
    ['breaker with opossum options', { breaker: { volumeThreshold: 5, errorThresholdPercentage: 10, resetTimeout: 1000 } }],
    ['a fallback on a non-critical dependency', { critical: false, fallback: () => new Map() }],
    ['a frozen options object', Object.freeze({ owner: 'frozen' })],
  ])('accepts %s', (_label, extra) => {
    const options = { owner: 'shopping', name: uniqueName(), ...extra } as FieldDependencyOptions;
    const wrapped = fieldDependency(Map, options)(async () => new Map());
    expect(fieldDependencyOf(wrapped)?.owner).toBe(options.owner);
  });

  it('records the declaration with its defaults', () => {
    const name = uniqueName();
    const soft = fieldDependency([null], { owner: 'comments', name, timeoutMs: 150 })(async (ids: readonly string[]) => ids.map(() => null));
    expect(fieldDependencyOf(soft)).toEqual({ field: name, owner: 'comments', critical: false, tier: 2, type: '[null]', timeoutMs: 150, breaker: {}, decider: `field-dependency.comments.${name}` });
    const hardName = uniqueName();
    const hard = fieldDependency(Array, { owner: 'images', name: hardName, critical: true })(async () => []);
    expect(fieldDependencyOf(hard)).toEqual({ field: hardName, owner: 'images', critical: true, tier: 1, type: 'Array', timeoutMs: undefined, breaker: false, decider: `field-dependency.images.${hardName}` });
  });

  it('does not modify the options object', () => {
    const options = { owner: 'shopping', name: uniqueName(), breaker: { volumeThreshold: 3 } };
    const snapshot = structuredClone(options);
    fieldDependency(Map, options)(async () => new Map());
    expect(options).toEqual(snapshot);
  });

  it('are read once: changing the options object afterwards changes nothing, and cannot smuggle in a bad value', () => {
    const name = uniqueName();
    const options: { owner: string; name: string; timeoutMs: unknown } = { owner: 'shopping', name, timeoutMs: 100 };
    const decorate = fieldDependency(Map, options as FieldDependencyOptions);
    options.timeoutMs = 'soon';
    options.owner = 'not a team';
    const wrapped = decorate(async () => new Map());
    expect(fieldDependencyOf(wrapped)).toMatchObject({ field: name, owner: 'shopping', timeoutMs: 100 });
  });
});

describe('timer bounds: setTimeout clamps a delay above 2^31 − 1 ms to 1 ms, so larger values are refused', () => {
  const owner = 'shopping';
  const tooLong = 2 ** 31;
  it.each([
    ['timeoutMs', { owner, timeoutMs: tooLong }, /^fieldDependency: option `timeoutMs` must be .*at most 2147483647 .*; received number 2147483648$/],
    ['breaker.resetTimeout', { owner, breaker: { resetTimeout: tooLong } }, /^fieldDependency: option `breaker\.resetTimeout` must be .*at most 2147483647 .*; received number 2147483648$/],
    ['breaker.rollingCountTimeout', { owner, breaker: { rollingCountTimeout: 1e12 } }, /^fieldDependency: option `breaker\.rollingCountTimeout` must be .*at most 2147483647 .*; received number 1000000000000$/],
    ['breaker.resetTimeout negative', { owner, breaker: { resetTimeout: -5 } }, /^fieldDependency: option `breaker\.resetTimeout` must be .*; received number -5$/],
    ['breaker.resetTimeout a string', { owner, breaker: { resetTimeout: '10s' } }, /^fieldDependency: option `breaker\.resetTimeout` must be .*; received "10s"$/],
    ['breaker.rollingCountTimeout 0', { owner, breaker: { rollingCountTimeout: 0 } }, /^fieldDependency: option `breaker\.rollingCountTimeout` must be .*greater than 0.*; received number 0$/],
  ])('%s', (_label, options, message) => {
    expect(typeErrorOf(declare(options)).message).toMatch(message);
  });

  it('accepts exactly 2^31 − 1 ms for each of them', () => {
    const longest = 2 ** 31 - 1;
    const wrapped = fieldDependency(Map, {
      owner,
      name: uniqueName(),
      timeoutMs: longest,
      breaker: { resetTimeout: longest, rollingCountTimeout: longest },
    })(async () => new Map());
    expect(fieldDependencyOf(wrapped)?.timeoutMs).toBe(longest);
  });
});

describe('a `fallback` must answer synchronously', () => {
  it('an async function is refused at declaration, saying why and what to do', () => {
    const error = typeErrorOf(declare({ owner: 'shopping', fallback: async () => new Map() }));
    expect(error.message).toBe(
      'fieldDependency: option `fallback` must return the value itself, not a promise (it runs when the loader has already failed or timed out); ' +
        'received function fallback, an async function. Compute what it needs ahead of time, or leave it out to use the empty value of `type`',
    );
  });
});
