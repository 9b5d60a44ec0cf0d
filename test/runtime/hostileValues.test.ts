/**
 * Values that throw when anybody looks at them (a Proxy whose every trap throws, a `then` getter that
 * throws) must not escape: a non-critical dependency still answers its empty value, counted; a critical
 * one rejects (or throws) with a `FieldDependencyError`, with the value as `cause`. With and without a
 * breaker (no breaker is also the path after `shutdownFieldDependencies()`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fieldDependency, isFieldDependencyError, type DegradationReason, type FallbackType, type FieldDependencyOptions } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import type { Registry } from 'prom-client';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

let registry: Registry;
let sequence = 0;

beforeEach(() => {
  registry = useFreshMetricsRegistry();
});

/** An object every operation on which throws: property reads, `instanceof`, `Array.isArray` on a revoked proxy, … */
function hostile(): object {
  const traps = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('hostile value touched');
      },
    },
  );
  return new Proxy({}, traps);
}

/** Like {@link hostile}, except that reading `then` answers `undefined`: it reaches the result check. */
function hostileButThen(): object {
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'then') return undefined;
        throw new Error('hostile value touched');
      },
      getPrototypeOf: () => {
        throw new Error('hostile value touched');
      },
    },
  );
}

/** A revoked proxy: even `Array.isArray` and `typeof … .then` throw on it. */
function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** A value whose `then` getter throws (awaiting it, or testing for a thenable, throws). */
function throwingThen(): object {
  return Object.defineProperty({}, 'then', {
    get() {
      throw new Error('then getter');
    },
  });
}

async function reasonsOf(field: string): Promise<Partial<Record<DegradationReason, number>>> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_degradations_total');
  const reasons: Partial<Record<DegradationReason, number>> = {};
  for (const { labels, value } of metric?.values ?? []) if (labels.field === field && value > 0) reasons[labels.reason as DegradationReason] = value;
  return reasons;
}

/** What a call answered: a value (sync or resolved), or what it threw or rejected with. */
async function outcomeOf(call: () => unknown): Promise<{ readonly kind: 'value' | 'threw' | 'rejected'; readonly value: unknown; readonly sync: boolean }> {
  let answer: unknown;
  try {
    answer = call();
  } catch (error) {
    return { kind: 'threw', value: error, sync: true };
  }
  if (!(answer instanceof Promise)) return { kind: 'value', value: answer, sync: true };
  try {
    return { kind: 'value', value: await answer, sync: false };
  } catch (error) {
    return { kind: 'rejected', value: error, sync: false };
  }
}

type Case = readonly [label: string, type: FallbackType, loader: (keys: readonly string[]) => unknown, reason: DegradationReason];

const cases: readonly Case[] = [
  ['rejects with a hostile Proxy', Map, async () => Promise.reject(hostile()), 'error'],
  ['throws a hostile Proxy synchronously', Map, () => {
    throw hostile();
  }, 'error'],
  ['rejects with a revoked Proxy', Map, async () => Promise.reject(revoked()), 'error'],
  // Resolving a promise with an object reads its `then`: the promise itself rejects, so these are errors.
  ['resolves with a hostile Proxy where a Map is declared', Map, async () => hostile(), 'error'],
  // A value returned as is, whose `then` cannot be read, is neither a value nor a promise: an invalid result.
  ['returns a revoked Proxy synchronously (testing it for `then` throws)', Map, () => revoked(), 'invalid_result'],
  ['returns a Proxy that throws on everything but `then`, where a Map is declared', Map, () => hostileButThen(), 'invalid_result'],
  ['resolves [hostile Proxy] in [T] mode', [null], async (keys) => keys.map(() => hostile()), 'invalid_result'],
  ['returns [hostile Proxy] synchronously in [T] mode', [null], (keys) => keys.map(() => hostile()), 'invalid_result'],
  ['resolves with a revoked Proxy in [T] mode', [null], async () => revoked(), 'error'],
  ['returns a value whose `then` getter throws', Object, () => throwingThen(), 'invalid_result'],
  ['resolves with a value whose `then` getter throws', Object, async () => throwingThen(), 'error'],
];

const breakers: readonly (readonly [label: string, breaker: FieldDependencyOptions['breaker']])[] = [
  ['without a breaker', false],
  ['with the default breaker', undefined],
];

describe.each(breakers)('a loader that hands back a value that throws on access, %s', (_label, breaker) => {
  it.each(cases)('non-critical, when it %s: answers the empty value and counts the reason', async (_case, type, loader, reason) => {
    const name = `hostile_${++sequence}`;
    const wrapped = fieldDependency(type, { owner: 'hostile', name, breaker })(loader);

    const outcome = await outcomeOf(() => wrapped(['a', 'b']));

    expect(outcome.kind).toBe('value');
    const empty = Array.isArray(type) ? [null, null] : type === Map ? new Map() : {};
    expect(outcome.value).toEqual(empty);
    expect(await reasonsOf(name)).toEqual({ [reason]: 1 });
  });

  it.each(cases)('critical, when it %s: fails with a FieldDependencyError carrying the value as cause', async (_case, type, loader, reason) => {
    const name = `hostile_${++sequence}`;
    const wrapped = fieldDependency(type, { owner: 'hostile', name, critical: true, ...(breaker === false ? {} : { breaker: breaker ?? {} }) })(loader);

    const outcome = await outcomeOf(() => wrapped(['a', 'b']));

    expect(outcome.kind).not.toBe('value');
    expect(isFieldDependencyError(outcome.value)).toBe(true);
    expect(outcome.value).toMatchObject({ field: name, owner: 'hostile', reason });
    expect(await reasonsOf(name)).toEqual({ [reason]: 1 });
  });
});

describe('a `fallback` that returns a promise (a non-async function: an async one is refused at declaration)', () => {
  it('sync loader: answers the empty value of `type` synchronously, not the promise, and warns once', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const name = `promised_fallback_${++sequence}`;
      const wrapped = fieldDependency(Map, {
        owner: 'hostile',
        name,
        breaker: false,
        fallback: () => Promise.resolve(new Map([['a', 1]])) as unknown as Map<string, number>,
      })((): Map<string, number> => {
        throw new Error('down');
      });

      const first = wrapped();
      const second = wrapped();

      expect(first).toBeInstanceOf(Map);
      expect(first).toEqual(new Map());
      expect(second).toEqual(new Map());
      expect(await reasonsOf(name)).toEqual({ error: 2 });
      await new Promise((resolve) => setImmediate(resolve));
      const ours = warnings.filter((warning) => (warning as { code?: string }).code === 'FIELD_DEPENDENCY_ASYNC_FALLBACK');
      expect(ours).toHaveLength(1);
      expect(ours[0]?.message).toContain(`'${name}'`);
      expect(ours[0]?.message).toContain('must return the value itself, not a promise');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('async loader: a fallback promise that never settles or rejects does not hold or fail the call', async () => {
    const pending = fieldDependency(Map, {
      owner: 'hostile',
      name: `promised_fallback_${++sequence}`,
      breaker: false,
      fallback: () => new Promise<never>(() => {}) as unknown as Map<string, number>,
    })(async (): Promise<Map<string, number>> => {
      throw new Error('down');
    });
    const rejecting = fieldDependency(Map, {
      owner: 'hostile',
      name: `promised_fallback_${++sequence}`,
      breaker: false,
      fallback: () => Promise.reject(new Error('fallback down')) as unknown as Map<string, number>,
    })(async (): Promise<Map<string, number>> => {
      throw new Error('down');
    });

    await expect(pending()).resolves.toEqual(new Map());
    await expect(rejecting()).resolves.toEqual(new Map());
  });
});
