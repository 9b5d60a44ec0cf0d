import type { GraphQLError } from 'graphql';
import type { RequestRecord } from '../scope/RequestRecord.js';
import { replaceCriticalFailures } from './criticalFailureError.js';
import { reportNullPropagation } from './nullPropagation.js';

/** The parts of an execution result (or one incremental payload) the integrations read and add to. */
export interface ResultLike {
  readonly errors?: readonly GraphQLError[] | undefined;
  readonly extensions?: Record<string, unknown> | undefined;
}

/** The names of the fields that degraded in `record`, once each, in the order they first degraded. */
export function degradedFieldNames(record: RequestRecord): string[] {
  const names: string[] = [];
  for (const { field } of record.degradations) if (!names.includes(field)) names.push(field);
  return names;
}

/**
 * What every integration does when an operation's result is ready, in order: (1) critical failures
 * become `FIELD_DEPENDENCY_FAILED` errors, (2) a degraded field's null reaching a non-null position is
 * reported, (3) `extensions.degradedFields` is added when something degraded and `expose` is on.
 * Returns a new result when anything changed, never mutating `result`.
 */
export function finishOperation<R extends ResultLike>(result: R, degradedFields: readonly string[], endpoint: string, expose: boolean): R {
  const errors = result.errors === undefined ? undefined : replaceCriticalFailures(result.errors);
  reportNullPropagation(errors, degradedFields, endpoint);
  const addFields = expose && degradedFields.length > 0;
  if (errors === result.errors && !addFields) return result;
  return {
    ...result,
    ...(errors === result.errors ? {} : { errors }),
    ...(addFields ? { extensions: { ...result.extensions, degradedFields: [...degradedFields] } } : {}),
  };
}
