import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { admitted } from '../../src/deciders/admitted.js';
import { targetingHash } from '../../src/deciders/targetingHash.js';

const salt = targetingHash('field-dependency.shopping.shopping');

describe('targetingHash (FNV-1a, 32 bits)', () => {
  test('matches the published FNV-1a test vectors', () => {
    expect(targetingHash('')).toBe(0x811c9dc5);
    expect(targetingHash('a')).toBe(0xe40c292c);
    expect(targetingHash('foobar')).toBe(0xbf9cf968);
  });
});

describe('admitted: sticky per targeting key', () => {
  test('the same key gets the same answer over 10,000 calls at 37%, for keys on both sides', () => {
    const answers = new Map<string, Set<boolean>>();
    for (let key = 0; key < 50; key++) answers.set(`user-${key}`, new Set());
    for (let call = 0; call < 10_000; call++) {
      for (const [key, seen] of answers) seen.add(admitted(37, salt, targetingHash(key)));
    }
    for (const [key, seen] of answers) expect(seen.size, key).toBe(1);
    const admittedKeys = [...answers.values()].filter((seen) => seen.has(true)).length;
    expect(admittedKeys).toBeGreaterThan(0);
    expect(admittedKeys).toBeLessThan(50);
  });

  test('over 100,000 random keys the share admitted at 37% is 37% ± 1', () => {
    let passed = 0;
    for (let index = 0; index < 100_000; index++) if (admitted(37, salt, targetingHash(randomUUID()))) passed++;
    expect(passed / 1000).toBeGreaterThanOrEqual(36);
    expect(passed / 1000).toBeLessThanOrEqual(38);
  });

  test('sequential ids (user-1, user-2, …) are spread as well as random ones', () => {
    let passed = 0;
    for (let index = 0; index < 100_000; index++) if (admitted(37, salt, targetingHash(`user-${index}`))) passed++;
    expect(passed / 1000).toBeGreaterThanOrEqual(36);
    expect(passed / 1000).toBeLessThanOrEqual(38);
  });

  test('a key admitted at one percentage stays admitted when the percentage goes up; 0 admits none, 100 all', () => {
    const keys = Array.from({ length: 2_000 }, (_, index) => targetingHash(`session-${index}`));
    const at = (percent: number) => new Set(keys.filter((hash) => admitted(percent, salt, hash)));
    const [ten, fifty] = [at(10), at(50)];
    for (const hash of ten) expect(fifty.has(hash)).toBe(true);
    expect(at(0).size).toBe(0);
    expect(at(100).size).toBe(keys.length);
  });

  test('two fields gate one key independently (different salts), so one user is not cut off everywhere at once', () => {
    const other = targetingHash('field-dependency.comments.comments');
    let both = 0;
    let shoppingOnly = 0;
    for (let index = 0; index < 20_000; index++) {
      const hash = targetingHash(`user-${index}`);
      const a = admitted(50, salt, hash);
      const b = admitted(50, other, hash);
      if (a && b) both++;
      if (a && !b) shoppingOnly++;
    }
    // Independent at 50% each: about a quarter in each cell.
    expect(both / 200).toBeGreaterThan(23);
    expect(both / 200).toBeLessThan(27);
    expect(shoppingOnly / 200).toBeGreaterThan(23);
  });

  test('without a key (-1) calls are gated at random, at the percentage', () => {
    let passed = 0;
    for (let index = 0; index < 100_000; index++) if (admitted(37, salt, -1)) passed++;
    expect(passed / 1000).toBeGreaterThanOrEqual(36);
    expect(passed / 1000).toBeLessThanOrEqual(38);
  });
});
