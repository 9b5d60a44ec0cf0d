import type { GraphQLError } from 'graphql';
import type { RequestRecord } from '../scope/RequestRecord.js';
import { replaceCriticalFailures } from './criticalFailureError.js';
import { reportNullPropagation } from './nullPropagation.js';

/** An entry of an incremental payload that may carry errors (`incremental[i]`, or graphql 17's `completed[i]`). */
interface PayloadEntryLike {
  readonly errors?: readonly GraphQLError[] | undefined;
}

/** The parts of an execution result (or one incremental payload) the integrations read and add to. */
export interface ResultLike {
  readonly errors?: readonly GraphQLError[] | undefined;
  readonly extensions?: Record<string, unknown> | undefined;
  /** A deferred or streamed payload's results, each with errors of its own (`@defer`, `@stream`). */
  readonly incremental?: readonly PayloadEntryLike[] | undefined;
  /** graphql 17's list of finished deferred fragments and streams, each with errors of its own. */
  readonly completed?: readonly PayloadEntryLike[] | undefined;
}

/** The names of the fields that degraded in `record`, once each, in the order they first degraded. */
export function degradedFieldNames(record: RequestRecord): string[] {
  const names: string[] = [];
  for (const { field } of record.degradations) if (!names.includes(field)) names.push(field);
  return names;
}

/**
 * What every integration does when an operation's result is ready, in order: (1) critical failures
 * become `FIELD_DEPENDENCY_FAILED` errors, in the result's `errors` and in those of each entry of an
 * incremental payload (`incremental`, `completed`: a deferred field's failure is sent there, where
 * envelop's error masking does not look), (2) a degraded field's null reaching a non-null position is
 * reported, (3) `extensions.degradedFields` is added when something degraded and `expose` is on.
 * Returns a new result when anything changed, never mutating `result`.
 */
export function finishOperation<R extends ResultLike>(result: R, degradedFields: readonly string[], endpoint: string, expose: boolean): R {
  const errors = result.errors === undefined ? undefined : replaceCriticalFailures(result.errors);
  const incremental = entriesWithCriticalFailures(result.incremental);
  const completed = entriesWithCriticalFailures(result.completed);
  reportNullPropagation(errors, degradedFields, endpoint);
  for (const entry of incremental ?? []) reportNullPropagation(entry.errors, degradedFields, endpoint);
  const addFields = expose && degradedFields.length > 0;
  if (errors === result.errors && incremental === result.incremental && completed === result.completed && !addFields) return result;
  return {
    ...result,
    ...(errors === result.errors ? {} : { errors }),
    ...(incremental === result.incremental ? {} : { incremental }),
    ...(completed === result.completed ? {} : { completed }),
    ...(addFields ? { extensions: { ...result.extensions, degradedFields: [...degradedFields] } } : {}),
  };
}

/** `entries` with each entry's critical failures replaced; the same array when there is none. */
function entriesWithCriticalFailures(entries: readonly PayloadEntryLike[] | undefined): readonly PayloadEntryLike[] | undefined {
  if (!Array.isArray(entries)) return entries;
  let replaced: PayloadEntryLike[] | undefined;
  entries.forEach((entry: PayloadEntryLike, index) => {
    const errors = entry?.errors;
    if (errors === undefined || !Array.isArray(errors)) return;
    const safe = replaceCriticalFailures(errors);
    if (safe === errors) return;
    replaced ??= [...entries];
    replaced[index] = { ...entry, errors: safe };
  });
  return replaced ?? entries;
}
