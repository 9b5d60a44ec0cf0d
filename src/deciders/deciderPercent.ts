/**
 * The percentage a decider flag's value stands for: a number from 0 to 100 as is, `false` 0, `true`
 * 100; `undefined` for anything else (a string such as `"50"`, -1, 101, `NaN`, an object), which the
 * caller treats as an error and fails open on.
 */
export function deciderPercent(value: unknown): number | undefined {
  if (value === true) return 100;
  if (value === false) return 0;
  if (typeof value === 'number' && value >= 0 && value <= 100) return value;
  return undefined;
}
