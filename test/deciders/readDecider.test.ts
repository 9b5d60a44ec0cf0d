import { describe, expect, test } from 'vitest';
import { deciderPercent } from '../../src/deciders/deciderPercent.js';
import { readDecider } from '../../src/deciders/readDecider.js';
import type { DeciderClient } from '../../src/deciders/DeciderClient.js';
import { inMemoryDeciders } from './support.js';

describe('deciderPercent: what a flag value means', () => {
  test.each([
    [0, 0],
    [37, 37],
    [37.5, 37.5],
    [100, 100],
    [true, 100],
    [false, 0],
  ])('%j is %j', (value, percent) => {
    expect(deciderPercent(value)).toBe(percent);
  });

  test.each([['50'], [-1], [101], [NaN], [Infinity], [null], [undefined], [{ percent: 50 }], [[50]]])('%j is not a decider value', (value) => {
    expect(deciderPercent(value)).toBeUndefined();
  });
});

describe('readDecider over a real OpenFeature client (in-memory provider)', () => {
  test.each([
    [0, 0],
    [37, 37],
    [100, 100],
    [true, 100],
    [false, 0],
  ])('a flag valued %j reads as %j, no error', async (value, percent) => {
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': value });
    expect(await readDecider(client, 'field-dependency.shopping.shopping')).toEqual({ percent, error: undefined });
  });

  test.each([
    ['50', /TYPE_MISMATCH/],
    [-1, /number -1 is neither a number from 0 to 100 nor a boolean/],
    [101, /number 101 is neither/],
    [NaN, /number NaN is neither/],
    [{ percent: 0 }, /TYPE_MISMATCH/],
  ])('a flag valued %j fails open to 100 with the reason', async (value, reason) => {
    const { client } = await inMemoryDeciders({ 'field-dependency.shopping.shopping': value });
    const reading = await readDecider(client, 'field-dependency.shopping.shopping');
    expect(reading.percent).toBe(100);
    expect(reading.error).toMatch(reason);
  });

  test('a missing flag fails open to 100: FLAG_NOT_FOUND', async () => {
    const { client } = await inMemoryDeciders({});
    const reading = await readDecider(client, 'field-dependency.shopping.shopping');
    expect(reading).toEqual({ percent: 100, error: expect.stringMatching(/^FLAG_NOT_FOUND/) });
  });

  test('a client that throws or rejects fails open to 100, never rejects', async () => {
    const throwing: DeciderClient = {
      getNumberDetails: () => {
        throw new Error('provider exploded');
      },
      getBooleanDetails: () => Promise.reject(new Error('unused')),
      addHandler: () => {},
      removeHandler: () => {},
    };
    expect(await readDecider(throwing, 'k')).toEqual({ percent: 100, error: 'the client threw: provider exploded' });
    const rejecting: DeciderClient = { ...throwing, getNumberDetails: () => Promise.reject('not an Error') };
    expect(await readDecider(rejecting, 'k')).toEqual({ percent: 100, error: 'the client threw: "not an Error"' });
  });
});
