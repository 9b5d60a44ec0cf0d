/**
 * True when `value` is an object carrying `brand` (a `Symbol.for` key, so the check also holds
 * across two copies of this package in one process, where `instanceof` would not).
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
