import { describe } from '../fallback/emptyValues.js';

/** {@link describe}, for a value that may throw when looked at: then a fixed text instead. */
export function describeSafely(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : describe(value);
  } catch {
    return 'a value that throws when inspected';
  }
}
