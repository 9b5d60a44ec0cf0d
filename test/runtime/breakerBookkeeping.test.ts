import type CircuitBreaker from 'opossum';
import { beforeEach, describe, expect, test } from 'vitest';
import { fieldDependency, type BreakerOptions } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { dependencyOf } from '../../src/core/guardedLoaders.js';
import { noUnhandledRejections } from '../support/noUnhandledRejections.js';

noUnhandledRejections();

beforeEach(() => {
  useFreshMetricsRegistry();
});

/** What one scripted call of the loader does. */
type Step = 'ok' | 'reject' | 'invalid' | 'throw' | 'sync-ok' | 'filtered';

/** A batch loader doing what `script` says, call after call. */
function scripted(script: readonly Step[]) {
  let index = 0;
  return (keys: readonly number[]): unknown => {
    const step = script[index++ % script.length];
    switch (step) {
      case 'ok':
        return Promise.resolve(keys.map((key) => key * 2));
      case 'reject':
        return Promise.reject(new Error('upstream down'));
      case 'invalid':
        return Promise.resolve('not an array');
      case 'throw':
        throw new Error('sync failure');
      case 'sync-ok':
        return keys.map((key) => key * 2);
      default:
        return Promise.reject(Object.assign(new Error('not found'), { status: 404 }));
    }
  };
}

function circuitOf(loader: unknown): CircuitBreaker {
  const circuit = dependencyOf(loader)?.circuit;
  if (circuit === undefined) throw new Error('no breaker');
  return circuit;
}

/** The counts opossum keeps for a breaker, and whether it is open. */
function bookkeeping(circuit: CircuitBreaker) {
  const { fires, successes, failures, fallbacks, rejects } = circuit.stats;
  return { fires, successes, failures, fallbacks, rejects, opened: circuit.opened };
}

/**
 * The same script through two breakers with the same options: one taking the lean path for a closed breaker
 * (fireBreaker), the other opossum's own `fire()` (forced by a `capacity` no call reaches). Both must answer
 * alike and leave opossum's rolling window and state alike.
 */
async function twins(name: string, options: BreakerOptions, script: readonly Step[], calls: number) {
  const errorFilter = (error: unknown) => (error as { status?: number }).status === 404;
  const lean = fieldDependency([Number], { owner: 'twins', name: `${name}-lean`, breaker: { ...options, errorFilter } })(scripted(script) as (keys: readonly number[]) => Promise<number[]>);
  const fired = fieldDependency([Number], { owner: 'twins', name: `${name}-fired`, breaker: { ...options, errorFilter, capacity: 1_000_000 } })(
    scripted(script) as (keys: readonly number[]) => Promise<number[]>,
  );
  const answers: { lean: unknown[]; fired: unknown[] } = { lean: [], fired: [] };
  for (let index = 0; index < calls; index++) {
    answers.lean.push(await lean([1, 2]));
    answers.fired.push(await fired([1, 2]));
  }
  return { answers, lean: bookkeeping(circuitOf(lean)), fired: bookkeeping(circuitOf(fired)) };
}

describe('a closed breaker keeps the same bookkeeping on the lean path as through opossum fire()', () => {
  test('successes, rejections, invalid results, sync throws, sync values and filtered errors count alike', async () => {
    const { answers, lean, fired } = await twins('mixed', { volumeThreshold: 1_000 }, ['ok', 'reject', 'invalid', 'throw', 'sync-ok', 'filtered'], 12);
    expect(answers.lean).toEqual(answers.fired);
    expect(answers.lean[0]).toEqual([2, 4]);
    expect(answers.lean[1]).toEqual([0, 0]);
    expect(lean).toEqual(fired);
    expect(lean).toMatchObject({ fires: 12, successes: 6, failures: 6, fallbacks: 6, opened: false });
  });

  test('both open at the same call once the failure rate passes the threshold', async () => {
    const { answers, lean, fired } = await twins('opening', { volumeThreshold: 4, errorThresholdPercentage: 50 }, ['ok', 'reject', 'reject', 'ok', 'reject'], 8);
    expect(answers.lean).toEqual(answers.fired);
    expect(lean).toEqual(fired);
    expect(lean.opened).toBe(true);
  });

  test('both open on the very call that reaches the volume threshold', async () => {
    const { lean, fired } = await twins('at-threshold', { volumeThreshold: 3 }, ['reject'], 3);
    expect(lean).toEqual(fired);
    expect(lean).toMatchObject({ fires: 3, failures: 3, opened: true });
  });

  test('allowWarmUp: failures during the first window open neither', async () => {
    const { lean, fired } = await twins('warm-up', { volumeThreshold: 2, allowWarmUp: true }, ['reject'], 6);
    expect(lean).toEqual(fired);
    expect(lean).toMatchObject({ failures: 6, opened: false });
  });
});
