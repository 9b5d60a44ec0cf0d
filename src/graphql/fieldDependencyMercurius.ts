import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { currentRequest, enterRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/RequestRecord.js';
import { requestEnded } from '../brownout/requestLatencies.js';
import { BatchedOperations } from './BatchedOperations.js';
import { convertCriticalFailures } from './criticalFailureResolvers.js';
import { maskEscapedCriticalFailures, type FastifyHooks } from './maskEscapedCriticalFailures.js';
import { degradedFieldNames } from './finishOperation.js';
import { resolveGraphQLOptions, type GraphQLIntegrationOptions } from './GraphQLIntegrationOptions.js';
import { HeaderFields } from './HeaderFields.js';
import { reportNullPropagation } from './nullPropagation.js';
import { operationNameOf } from './operationName.js';

type Done = (error?: Error) => void;

/** The parts of Mercurius's per-operation context the plugin reads. */
export interface MercuriusLikeContext {
  /** Fastify's reply: the header is set on it, and the batched request's body is read from its request. */
  readonly reply?: {
    header(name: string, value: string): unknown;
    readonly request?: { readonly body?: unknown; readonly query?: unknown };
  };
  /** The operation's index in a batched request. */
  readonly operationId?: number;
}

/** The execution result Mercurius hands to `onResolution` (errors already formatted). */
interface MercuriusExecution {
  readonly errors?: readonly GraphQLFormattedError[] | undefined;
  extensions?: Record<string, unknown>;
}

/** The parts of `app.graphql` (Mercurius's decoration) the plugin uses (no dependency on Mercurius's types). */
interface MercuriusGraphQL {
  readonly schema: GraphQLSchema;
  addHook(name: 'preExecution', hook: (schema: GraphQLSchema, document: DocumentNode, context: MercuriusLikeContext) => Promise<void>): void;
  addHook(name: 'onResolution', hook: (execution: MercuriusExecution, context: MercuriusLikeContext) => Promise<void>): void;
}

/** A Fastify plugin (what `app.register` takes), typed without depending on Fastify's or Mercurius's types. */
export type MercuriusLikePlugin = (fastify: object, options: unknown, done: Done) => void;

/**
 * The Mercurius integration, a Fastify plugin registered after mercurius:
 * `app.register(mercurius, { schema, resolvers, context }); app.register(fieldDependencyMercurius());`
 *
 * - Each operation (each one of a batched request too) gets its own degradation scope, entered in a
 *   `preExecution` hook, with the operation's name as `endpoint` (`anonymous` without one; `__other__`
 *   outside `operationNames` or past the endpoint cap). Register it before other `preExecution` hooks
 *   that await: a hook that awaits first runs Mercurius's next steps outside the scope.
 * - The response gets `extensions.degradedFields` when something degraded, and the `x-degraded-fields`
 *   header (the union over a batched request's operations).
 * - A batched request's operations share one context, so one DataLoader may batch keys of several of
 *   them: each operation that loaded a key of a degraded batch gets the degradation (`BatchedOperations`).
 * - A critical dependency's `FieldDependencyError` becomes an error with `extensions.code:
 *   'FIELD_DEPENDENCY_FAILED'` and `field` only: Mercurius formats errors before any hook sees them, so the
 *   plugin wraps the schema's resolvers (once, in place) to convert the error where it is thrown, or
 *   returned (`loadMany()`'s `Error` items). A schema swapped later with `replaceSchema` is not wrapped.
 *   A critical failure in the `context` function is answered as `{ data: null, errors: [that error] }`
 *   with Mercurius's status (500), instead of Fastify's error body with the message.
 * - A degraded field's null reaching a non-null position is reported, as by `useFieldDependency`.
 * - Subscriptions (over WebSocket) are not scoped by this plugin; open a `degradationScope` in the
 *   subscription's resolvers if their loaders must be attributed.
 *
 * @throws TypeError on invalid options, naming the option.
 */
export function fieldDependencyMercurius(options?: GraphQLIntegrationOptions): MercuriusLikePlugin {
  const { endpointOf, exposeDegradedFields, header, targetingKeyOf, priorityOf } = resolveGraphQLOptions('fieldDependencyMercurius', options);
  /** Per Fastify reply (shared by a batched request's operations): the union of their degraded fields. */
  const headerFields = new HeaderFields();
  /** Per Fastify reply: a batched request's operations, which share one context (and its DataLoaders). */
  const batches = new BatchedOperations();
  function fieldDependencyMercuriusPlugin(fastify: object, _options: unknown, done: Done): void {
    const graphql = (fastify as { graphql?: MercuriusGraphQL }).graphql;
    if (graphql === undefined) {
      done(new Error('fieldDependencyMercurius: register mercurius first: app.register(mercurius, { ... }); app.register(fieldDependencyMercurius())'));
      return;
    }
    convertCriticalFailures(graphql.schema);
    maskEscapedCriticalFailures(fastify as FastifyHooks);
    graphql.addHook('preExecution', async (_schema, document, context) => {
      const record = new RequestRecord(endpointOf(operationNameOf(document, requestedOperationName(context))), targetingKeyOf(context), 'operation', priorityOf(context));
      if (context.reply !== undefined) batches.join(context.reply, record, context);
      enterRequest(record);
    });
    graphql.addHook('onResolution', async (execution, context) => {
      const record = currentRequest();
      if (record === undefined) return;
      requestEnded(record);
      const fields = degradedFieldNames(record);
      reportNullPropagation(execution.errors, fields, record.endpoint);
      if (fields.length === 0) return;
      if (exposeDegradedFields) execution.extensions = { ...execution.extensions, degradedFields: fields };
      const reply = context.reply;
      if (header !== false && reply !== undefined) {
        headerFields.note(reply, fields);
        const value = headerFields.value(reply);
        if (value !== undefined) reply.header(header, value);
      }
    });
    done();
  }
  // What fastify-plugin sets: its hooks apply to the instance mercurius is registered on (no encapsulation).
  return Object.assign(fieldDependencyMercuriusPlugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'field-dependency-mercurius',
  });
}

/** The `operationName` the client sent for this operation (the body's, the batch entry's, or the query string's). */
function requestedOperationName(context: MercuriusLikeContext): string | undefined {
  const request = context.reply?.request;
  const body = request?.body;
  const entry: unknown = Array.isArray(body) ? body[context.operationId ?? 0] : (body ?? request?.query);
  const name = (entry as { operationName?: unknown } | null | undefined)?.operationName;
  return typeof name === 'string' ? name : undefined;
}
