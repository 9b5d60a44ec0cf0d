import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { criticalFailureError, criticalFailureOf } from './criticalFailureError.js';

const wrapped = Symbol.for('field-dependency.criticalFailureResolver');

/** How deep nested lists of a resolver's result are searched for critical failures (`[[T]]` is 2). */
const MAX_LIST_DEPTH = 8;

/**
 * Wraps every resolver of `schema` (in place, once) so that a critical dependency's `FieldDependencyError`
 * leaves the resolver as a `FIELD_DEPENDENCY_FAILED` GraphQL error, which graphql then locates: thrown,
 * rejected, or returned (an `Error` as the value, or in place of list items, as DataLoader's `loadMany()`
 * answers: graphql raises returned errors too). For servers that format errors before any hook sees them
 * (Mercurius): the original error, with the owner and the upstream's text in its message, never reaches
 * their formatter. Other errors and values pass through untouched.
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
          return isThenable(result) ? result.then(asClientValue, (error: unknown) => Promise.reject(asClientError(error))) : asClientValue(result);
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

/**
 * A resolver's value with each returned critical failure replaced: the value itself when it is one, and
 * the items of arrays (nested up to {@link MAX_LIST_DEPTH}; an item's promise included). The same value
 * when there is nothing to replace.
 */
function asClientValue(value: unknown, depth = 0): unknown {
  if (!Array.isArray(value)) return criticalFailureOf(value) === undefined ? value : asClientError(value);
  if (depth >= MAX_LIST_DEPTH) return value;
  let replaced: unknown[] | undefined;
  value.forEach((item: unknown, index) => {
    const safe = isThenable(item)
      ? Promise.resolve(item).then(
          (settled) => asClientValue(settled, depth + 1),
          (error: unknown) => Promise.reject(asClientError(error)),
        )
      : asClientValue(item, depth + 1);
    if (safe === item) return;
    replaced ??= [...(value as unknown[])];
    replaced[index] = safe;
  });
  return replaced ?? value;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
