import type { FieldDependencyError } from '../errors/FieldDependencyError.js';
import { criticalFailureError, FIELD_DEPENDENCY_FAILED } from './criticalFailureError.js';

/**
 * Rewrites `failure` itself into its client form, for a server that gives plugins the error it is about
 * to send but no way to replace it (Apollo Server's `contextCreationDidFail`): `message` becomes the
 * client message (`Critical field dependency 'images' failed`), `stack` that one line (no frames, no
 * paths), and `extensions` `{ code: 'FIELD_DEPENDENCY_FAILED', field }`, which graphql's `GraphQLError`
 * copies from an original error. `field`, `owner`, `reason`, `code` and `cause` are kept for logs.
 */
export function maskCriticalFailureInPlace(failure: FieldDependencyError): void {
  const { message } = criticalFailureError(failure);
  for (const [key, value] of [
    ['message', message],
    ['stack', `${failure.name}: ${message}`],
    ['extensions', { code: FIELD_DEPENDENCY_FAILED, field: failure.field }],
  ] as const) {
    Object.defineProperty(failure, key, { value, writable: true, configurable: true, enumerable: false });
  }
}
