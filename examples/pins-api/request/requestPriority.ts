import type { RequestPriority } from 'field-dependency';

/** The header a client says how important its request is in: `x-priority: low` for a prefetch. */
export const PRIORITY_HEADER = 'x-priority';

/**
 * The priority a request asked for in {@link PRIORITY_HEADER} (`high`, `normal` or `low`); `undefined`
 * (the runtime's `normal`) without the header or with any other value: a client cannot fail its request
 * by sending a bad priority.
 */
export function requestPriority(header: string | string[] | undefined): RequestPriority | undefined {
  return header === 'high' || header === 'normal' || header === 'low' ? header : undefined;
}
