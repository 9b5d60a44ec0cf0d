import { OTHER_ENDPOINT } from '../contract/endpointSentinels.js';

/** The `endpoint` label of an operation without a name. */
export const ANONYMOUS_OPERATION = 'anonymous';

/** Which operation names get an `endpoint` label of their own. */
export type OperationNameAllowlist = (operationName: string) => boolean;

/**
 * The function from an operation's name to its `endpoint` label: `anonymous` without a name, the name
 * itself when the allowlist (if any) accepts it, `__other__` otherwise. The endpoint cap applies on top
 * (names past it count as `__other__` too). A predicate that throws or returns a non-boolean counts the
 * name as `__other__`: a label must never come from a bug in user code.
 */
export function endpointOfOperation(
  integration: string,
  allowlist: OperationNameAllowlist | undefined,
): (operationName: string | null | undefined) => string {
  if (allowlist === undefined) return (name) => (name ? name : ANONYMOUS_OPERATION);
  let warned = false;
  return (name) => {
    if (!name) return ANONYMOUS_OPERATION;
    let allowed: unknown;
    try {
      allowed = allowlist(name);
    } catch (error) {
      if (!warned) {
        warned = true;
        process.emitWarning(`${integration}: the \`operationNames\` predicate threw (${String(error)}); counting the operation as '${OTHER_ENDPOINT}'`);
      }
      return OTHER_ENDPOINT;
    }
    return allowed === true ? name : OTHER_ENDPOINT;
  };
}
