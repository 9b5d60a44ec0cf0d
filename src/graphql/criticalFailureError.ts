import { GraphQLError } from 'graphql';
import { isFieldDependencyError, type FieldDependencyError } from '../errors/FieldDependencyError.js';

/** `extensions.code` of the GraphQL error a critical dependency's failure becomes. */
export const FIELD_DEPENDENCY_FAILED = 'FIELD_DEPENDENCY_FAILED';

/** The `FieldDependencyError` behind a GraphQL error (its `originalError` chain), if any. */
export function criticalFailureOf(error: unknown): FieldDependencyError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    if (isFieldDependencyError(current)) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * The error a client sees for a critical dependency's failure: a GraphQL error with the resolver's
 * location and path, `extensions: { code: 'FIELD_DEPENDENCY_FAILED', field }`, and nothing else: no
 * owner, no upstream text, no stack, no `originalError` (so error masking, which keeps "original"
 * GraphQL errors, lets it through unchanged).
 */
export function criticalFailureError(failure: FieldDependencyError, located?: GraphQLError): GraphQLError {
  const extensions = { code: FIELD_DEPENDENCY_FAILED, field: failure.field };
  const message = `Critical field dependency '${failure.field}' failed`;
  if (located === undefined) return new GraphQLError(message, { extensions });
  const { nodes, source, positions, path } = located;
  return new (graphQLErrorClassOf(located))(message, {
    ...(nodes === undefined ? {} : { nodes }),
    ...(source === undefined ? {} : { source }),
    ...(positions === undefined ? {} : { positions }),
    ...(path === undefined ? {} : { path }),
    extensions,
  });
}

/**
 * The `GraphQLError` class of the graphql copy that made `located`. Servers check errors with
 * `instanceof` (Yoga's masking keeps only "original" GraphQL errors), and a bundler or a test runner may
 * load a second copy of graphql (its ESM build beside the server's CommonJS one): an error built from
 * this module's own import would then be masked.
 */
function graphQLErrorClassOf(located: GraphQLError): typeof GraphQLError {
  for (let prototype: unknown = Object.getPrototypeOf(located); prototype !== null && prototype !== Error.prototype; prototype = Object.getPrototypeOf(prototype)) {
    const constructor = (prototype as { constructor?: unknown }).constructor;
    if (typeof constructor === 'function' && constructor.name === 'GraphQLError') return constructor as typeof GraphQLError;
  }
  return GraphQLError;
}

/** `errors` with each critical failure replaced by {@link criticalFailureError}; the same array when there is none. */
export function replaceCriticalFailures(errors: readonly GraphQLError[]): readonly GraphQLError[] {
  let replaced: GraphQLError[] | undefined;
  for (let index = 0; index < errors.length; index++) {
    const error = errors[index] as GraphQLError;
    const failure = criticalFailureOf(error);
    if (failure === undefined) continue;
    replaced ??= [...errors];
    replaced[index] = criticalFailureError(failure, error);
  }
  return replaced ?? errors;
}
