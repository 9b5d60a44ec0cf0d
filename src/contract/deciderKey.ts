/** The prefix of every default decider flag key. */
export const DECIDER_KEY_PREFIX = 'field-dependency';

/**
 * The flag key of a dependency's decider when its `decider` option does not name one:
 * `field-dependency.<owner>.<field>`.
 *
 * @example
 * deciderKey('shopping', 'shopping'); // 'field-dependency.shopping.shopping'
 */
export function deciderKey(owner: string, field: string): string {
  return `${DECIDER_KEY_PREFIX}.${owner}.${field}`;
}
