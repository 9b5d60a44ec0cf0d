import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { enterRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/RequestRecord.js';
import { requestEnded } from '../brownout/requestLatencies.js';
import { BatchedOperations } from './BatchedOperations.js';
import { criticalFailureError, criticalFailureOf } from './criticalFailureError.js';
import { maskCriticalFailureInPlace } from './maskCriticalFailureInPlace.js';
import { degradedFieldNames } from './finishOperation.js';
import { resolveGraphQLOptions, type GraphQLIntegrationOptions } from './GraphQLIntegrationOptions.js';
import { HeaderFields } from './HeaderFields.js';
import { reportNullPropagation } from './nullPropagation.js';

/** The formatted result Apollo Server sends (its `FormattedExecutionResult`). */
interface ApolloFormattedResult {
  readonly errors?: readonly GraphQLFormattedError[] | undefined;
  readonly extensions?: Record<string, unknown> | undefined;
}

/** The parts of Apollo Server's request context the plugin reads and writes (the same in Apollo Server 4 and 5). */
export interface ApolloLikeRequestContext {
  /** The parsed operation: its name is the scope's `endpoint`. */
  readonly operation?: { readonly name?: { readonly value: string } | undefined } | undefined;
  /** The server's context value: where `targetingKey` reads the operation's key. */
  readonly contextValue?: unknown;
  /** The operation's errors, where a critical dependency's failure is found. */
  readonly errors?: readonly GraphQLError[] | undefined;
  /** The response: its header and its body's `extensions.degradedFields`. */
  readonly response: {
    readonly http: { readonly headers: { set(name: string, value: string): unknown } };
    body?:
      | { readonly kind: 'single'; singleResult: ApolloFormattedResult }
      | { readonly kind: 'incremental'; initialResult: ApolloFormattedResult }
      | undefined;
  };
}

/** What Apollo Server calls per operation. */
export interface ApolloLikeRequestListener {
  /** Opens the operation's degradation scope. */
  executionDidStart(requestContext: ApolloLikeRequestContext): Promise<void>;
  /** Adds what degraded to the response. */
  willSendResponse(requestContext: ApolloLikeRequestContext): Promise<void>;
}

/** An Apollo Server 4 or 5 plugin (`ApolloServerPlugin`), typed without depending on either version's types. */
export interface ApolloLikePlugin {
  /** Called per operation. */
  requestDidStart(): Promise<ApolloLikeRequestListener>;
  /** Called when the server's `context` function threw, before Apollo Server formats the error. */
  contextCreationDidFail(failed: { readonly error: Error }): Promise<void>;
}

/**
 * The Apollo Server 4 and 5 plugin: `new ApolloServer({ ..., plugins: [fieldDependencyApolloPlugin()] })`.
 *
 * - Each operation (each one of a batched HTTP request too) gets its own degradation scope, opened when
 *   execution starts, with the operation's name as `endpoint` (`anonymous` without one; `__other__`
 *   outside `operationNames` or past the endpoint cap).
 * - The response gets `extensions.degradedFields` when something degraded, and the `x-degraded-fields`
 *   header (`response.http.headers`; the union over a batched request's operations).
 * - A batched request's operations share one context, so one DataLoader may batch keys of several of
 *   them: each operation that loaded a key of a degraded batch gets the degradation (`BatchedOperations`).
 * - A critical dependency's `FieldDependencyError` is sent as an error with `extensions.code:
 *   'FIELD_DEPENDENCY_FAILED'` and `field` only, whatever `formatError` and `includeStacktraceInErrorResponses` say.
 *   When it fails the server's `context` function, Apollo Server answers 500 with `Context creation
 *   failed: ` and the error's message, and lets plugins see the error but not replace it: the plugin
 *   rewrites that `FieldDependencyError` to its client form (its message and one-line stack become
 *   `Critical field dependency '<field>' failed`; `owner`, `reason` and `cause` stay for your logs).
 * - A degraded field's null reaching a non-null position is reported, as by `useFieldDependency`.
 * - Incremental delivery (`@defer`, graphql 17 pre-releases only): the initial payload carries what
 *   degraded before it; later payloads are not annotated. Subscriptions do not run through Apollo
 *   Server's request pipeline (graphql-ws serves them): open a `degradationScope` in its `execute` there.
 *
 * @throws TypeError on invalid options, naming the option.
 */
export function fieldDependencyApolloPlugin(options?: GraphQLIntegrationOptions): ApolloLikePlugin {
  const { endpointOf, exposeDegradedFields, header, targetingKeyOf, priorityOf } = resolveGraphQLOptions('fieldDependencyApolloPlugin', options);
  /** Per HTTP response head (shared by a batched request's operations): the union of their degraded fields. */
  const headerFields = new HeaderFields();
  /** Per HTTP request: its operations, which share one context (and its DataLoaders). */
  const batches = new BatchedOperations();
  return {
    async contextCreationDidFail({ error }) {
      const failure = criticalFailureOf(error);
      if (failure !== undefined) maskCriticalFailureInPlace(failure);
    },
    async requestDidStart() {
      let record: RequestRecord | undefined;
      return {
        async executionDidStart(requestContext) {
          record = new RequestRecord(
            endpointOf(requestContext.operation?.name?.value),
            targetingKeyOf(requestContext.contextValue),
            'operation',
            priorityOf(requestContext.contextValue),
          );
          batches.join(requestContext.response.http, record, requestContext.contextValue);
          // Apollo Server has no hook around execution: enter the scope here; its `await` of this hook
          // carries it into execute(), and only this operation's async chain sees it.
          enterRequest(record);
        },
        async willSendResponse(requestContext) {
          const body = requestContext.response.body;
          if (record === undefined) return;
          requestEnded(record);
          if (body === undefined) return;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const fields = degradedFieldNames(record);
          const errors = result.errors === undefined ? undefined : withCriticalFailures(result.errors, requestContext.errors);
          reportNullPropagation(errors, fields, record.endpoint);
          const finished = {
            ...result,
            ...(errors === result.errors ? {} : { errors }),
            ...(exposeDegradedFields && fields.length > 0 ? { extensions: { ...result.extensions, degradedFields: fields } } : {}),
          };
          if (body.kind === 'single') body.singleResult = finished;
          else body.initialResult = finished;
          if (header !== false && fields.length > 0) {
            const http = requestContext.response.http;
            headerFields.note(http, fields);
            const value = headerFields.value(http);
            if (value !== undefined) http.headers.set(header, value);
          }
        },
      };
    },
  };
}

/**
 * The formatted errors with each critical failure replaced by its `FIELD_DEPENDENCY_FAILED` form: Apollo
 * formats `raw` (the errors before formatting) one to one, in order.
 */
function withCriticalFailures(formatted: readonly GraphQLFormattedError[], raw: readonly GraphQLError[] | undefined): readonly GraphQLFormattedError[] {
  if (raw === undefined || raw.length !== formatted.length) return formatted;
  let replaced: GraphQLFormattedError[] | undefined;
  raw.forEach((error, index) => {
    const failure = criticalFailureOf(error);
    if (failure === undefined) return;
    replaced ??= [...formatted];
    replaced[index] = criticalFailureError(failure, error).toJSON();
  });
  return replaced ?? formatted;
}
