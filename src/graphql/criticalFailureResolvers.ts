import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { criticalFailureError, criticalFailureOf } from './criticalFailureError.js';

const wrapped = Symbol.for('field-dependency.criticalFailureResolver');

/**
 * Wraps every resolver of `schema` (in place, once) so that a critical dependency's `FieldDependencyError`
 * leaves the resolver as a `FIELD_DEPENDENCY_FAILED` GraphQL error, which graphql then locates. For servers
 * that format errors before any hook sees them (Mercurius): the original error, with the owner and the
 * upstream's text in its message, never reaches their formatter. Other errors pass through untouched.
 */
export function convertCriticalFailures(schema: GraphQLSchema): void {
  // Duck-typed, not `isObjectType`: the server's graphql may be another copy than this module's (a
  // bundler or test runner loading graphql's ESM build beside the server's CommonJS one).
  for (const type of Object.values(schema.getTypeMap()) as { name: string; getFields?: () => Record<string, { resolve?: unknown }> }[]) {
    if (typeof type.getFields !== 'function' || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as (GraphQLFieldResolver<unknown, unknown> & { [wrapped]?: true }) | undefined;
      if (typeof resolve !== 'function' || resolve[wrapped] === true) continue;
      field.resolve = Object.assign(
        function resolveWithCriticalFailures(this: unknown, source: unknown, args: Record<string, unknown>, context: unknown, info: Parameters<GraphQLFieldResolver<unknown, unknown>>[3]) {
          let result: unknown;
          try {
            result = resolve.call(this, source, args, context, info);
          } catch (error) {
            throw asClientError(error);
          }
          return isThenable(result) ? result.then(undefined, (error: unknown) => Promise.reject(asClientError(error))) : result;
        },
        { [wrapped]: true as const },
      );
    }
  }
}

function asClientError(error: unknown): unknown {
  const failure = criticalFailureOf(error);
  return failure === undefined ? error : criticalFailureError(failure);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
