import diagnosticsChannel from 'node:diagnostics_channel';

/** Name of the `node:diagnostics_channel` channel a degraded field's null reaching a non-null position is published on. */
export const NULL_PROPAGATION_CHANNEL = 'field-dependency:graphql-null-propagation';

/** The message published on {@link NULL_PROPAGATION_CHANNEL}. */
export interface NullPropagationEvent {
  /** The non-null schema field that got null, as `Type.field` (e.g. `Pin.stock`). */
  readonly schemaField: string;
  /** The response path of that null (e.g. `['pins', 0, 'stock']`). */
  readonly path: readonly (string | number)[] | undefined;
  /** The operation's `endpoint` label. */
  readonly endpoint: string;
  /** The dependencies that degraded in that operation (one of them gave the null). */
  readonly degradedFields: readonly string[];
}

const channel = diagnosticsChannel.channel(NULL_PROPAGATION_CHANNEL);
/** Schema fields already warned about: the warning is once per field per process, the channel message is per operation. */
const warned = new Set<string>();
// graphql-js and @graphql-tools/executor word it the same way.
const NON_NULL_VIOLATION = /^Cannot return null for non-nullable field (\S+)\.$/;

/** The minimal shape of a GraphQL error read here (a `GraphQLError` or its JSON form). */
interface ErrorLike {
  readonly message?: unknown;
  readonly path?: readonly (string | number)[] | undefined;
}

/**
 * Detects a degraded field's empty value reaching a non-null position: graphql then nulls the nearest
 * nullable parent (for a root field, `"data": null`), the outage fallbacks exist to prevent. For each
 * non-null violation in an operation where something degraded, publishes a {@link NullPropagationEvent}
 * and, once per schema field, emits a process warning (`FieldDependencyNullPropagation`) naming the
 * field and the fix.
 */
export function reportNullPropagation(errors: readonly ErrorLike[] | undefined, degradedFields: readonly string[], endpoint: string): void {
  if (errors === undefined || degradedFields.length === 0) return;
  for (const error of errors) {
    const match = typeof error?.message === 'string' ? NON_NULL_VIOLATION.exec(error.message) : null;
    if (match === null) continue;
    const schemaField = match[1] as string;
    if (channel.hasSubscribers) channel.publish({ schemaField, path: error.path, endpoint, degradedFields } satisfies NullPropagationEvent);
    if (warned.has(schemaField)) continue;
    warned.add(schemaField);
    process.emitWarning(
      `field-dependency: the non-null field ${schemaField} got null in operation '${endpoint}' while ${degradedFields.join(', ')} degraded, ` +
        'so graphql nulled its parent. Make the field nullable, or give the dependency a fallback that fits the schema ' +
        '(a typed empty value only where it is true: a count of 0 is a lie for stock or money).',
      { type: 'FieldDependencyNullPropagation', code: 'FIELD_DEPENDENCY_NULL_PROPAGATION' },
    );
  }
}
