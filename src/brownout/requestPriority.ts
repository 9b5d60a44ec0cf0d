import { REQUEST_PRIORITIES, type RequestPriority } from '../contract/brownoutClasses.js';
import { describeSafely } from '../guard/describeSafely.js';

/** Whether `value` is a {@link RequestPriority}: `'high'`, `'normal'` or `'low'`. */
export function isRequestPriority(value: unknown): value is RequestPriority {
  return value === 'high' || value === 'normal' || value === 'low';
}

/** What a `priority` option must be, for error messages. */
const EXPECTED = `one of ${REQUEST_PRIORITIES.map((priority) => `'${priority}'`).join(', ')}`;

/** A `TypeError` naming the bad priority `value` given to `where`. */
export function priorityError(where: string, value: unknown): TypeError {
  return new TypeError(`${where}: option \`priority\` must be ${EXPECTED} or undefined (then 'normal'); received ${describeSafely(value)}`);
}

/** Integrations already warned about a `priority` function's bad answer (once each). */
const warned = new Set<string>();

/**
 * The `priority` option of an integration (a function of its `argument`, the request or the GraphQL context), validated (a `TypeError`
 * names the option), as a function that never throws: an answer that is not a {@link RequestPriority} counts
 * as `'normal'` (with a process warning naming it, once per integration), it never fails the request.
 */
export function priorityReader<Request>(integration: string, read: unknown, argument: 'request' | 'context' = 'request'): (request: Request) => RequestPriority {
  if (read === undefined) return () => 'normal';
  if (typeof read !== 'function') {
    throw new TypeError(`${integration}: option \`priority\` must be a function (${argument}) => 'high' | 'normal' | 'low' | undefined; received ${describeSafely(read)}`);
  }
  return (request) => {
    let priority: unknown;
    try {
      priority = (read as (request: Request) => unknown)(request);
    } catch (error) {
      warnOnce(integration, `${integration}: option \`priority\` threw (${describeSafely(error)}); the request counts as 'normal'`);
      return 'normal';
    }
    if (priority === undefined) return 'normal';
    if (isRequestPriority(priority)) return priority;
    warnOnce(integration, `${priorityError(integration, priority).message}; the request counts as 'normal'`);
    return 'normal';
  };
}

function warnOnce(integration: string, message: string): void {
  if (warned.has(integration)) return;
  warned.add(integration);
  process.emitWarning(message, { code: 'FIELD_DEPENDENCY_BAD_PRIORITY', type: 'FieldDependencyWarning' });
}
