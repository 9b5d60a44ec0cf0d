import type { ExecuteFunction, ExecutionArgs, Plugin } from '@envelop/core';
import { runInRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/RequestRecord.js';
import { requestEnded, unmeasured } from '../brownout/requestLatencies.js';
import { degradedFieldNames, finishOperation, type ResultLike } from './finishOperation.js';
import { HeaderFields } from './HeaderFields.js';
import { resolveGraphQLOptions, type GraphQLIntegrationOptions } from './GraphQLIntegrationOptions.js';
import { operationNameOf } from './operationName.js';
import { isAsyncIterable, scopedPayloads } from './scopedPayloads.js';

/** envelop's `execute` or `subscribe` (graphql's, or the engine's that the server set). */
type Run = ExecuteFunction;

/** Yoga's `onResponse` hook: the part of its payload the plugin uses. */
export interface YogaResponseHook {
  /** Sets the `x-degraded-fields` header on Yoga's response. */
  onResponse(payload: { readonly request: Request; readonly response: Response }): void;
}

/**
 * The envelop plugin for graphql-yoga 5 and any envelop setup: `plugins: [useFieldDependency()]`.
 *
 * - Each operation runs in its own degradation scope (`execute` is wrapped), with the operation's name as
 *   `endpoint` (`anonymous` without one; `__other__` outside `operationNames` or past the endpoint cap).
 * - The result gets `extensions.degradedFields` when something degraded (unless `exposeDegradedFields: false`).
 * - A critical dependency's `FieldDependencyError` becomes an error with `extensions.code:
 *   'FIELD_DEPENDENCY_FAILED'` and `field` only, before Yoga's error masking (which lets it through).
 * - A degraded field's null reaching a non-null position is reported (`NULL_PROPAGATION_CHANNEL`, and a
 *   process warning once per schema field).
 * - On Yoga, the response gets the `x-degraded-fields` header (the union over a batched request's operations).
 * - Subscriptions: every event runs in a scope of its own and carries its own `degradedFields`.
 *   Incremental delivery (`@defer`/`@stream`): the operation keeps one scope, and each payload carries the
 *   fields degraded so far; the header, sent with the first payload, lists what degraded before it.
 *
 * @throws TypeError on invalid options, naming the option.
 */
export function useFieldDependency(options?: GraphQLIntegrationOptions): Plugin & YogaResponseHook {
  const { endpointOf, exposeDegradedFields, header, targetingKeyOf, priorityOf } = resolveGraphQLOptions('useFieldDependency', options);
  /** Per Fetch request (Yoga's `context.request`): the union of its operations' degraded fields. */
  const headerFields = new HeaderFields();
  const wrappedExecutes = new WeakMap<Run, Run>();
  const wrappedSubscribes = new WeakMap<Run, Run>();

  function finish<R extends ResultLike>(result: R, record: RequestRecord, context: unknown): R {
    requestEnded(record);
    const fields = degradedFieldNames(record);
    if (header !== false && fields.length > 0) noteHeaderFields(context, fields);
    return finishOperation(result, fields, record.endpoint, exposeDegradedFields);
  }

  function noteHeaderFields(context: unknown, fields: readonly string[]): void {
    const request = (context as { request?: unknown } | null | undefined)?.request;
    if (typeof request === 'object' && request !== null) headerFields.note(request, fields);
  }

  function scopedExecute(execute: Run): Run {
    return function executeInScope(args: ExecutionArgs) {
      const record = new RequestRecord(endpointOf(operationNameOf(args.document, args.operationName)), targetingKeyOf(args.contextValue), 'operation', priorityOf(args.contextValue));
      const settle = (result: unknown): unknown =>
        isAsyncIterable(result)
          ? scopedPayloads(result as AsyncIterable<ResultLike>, () => record, (payload) => finish(payload, record, args.contextValue))
          : finish(result as ResultLike, record, args.contextValue);
      return settleOrEnd(record, runInRequest(record, () => execute(args)), settle);
    };
  }

  function scopedSubscribe(subscribe: Run): Run {
    return function subscribeInScope(args: ExecutionArgs) {
      const endpoint = endpointOf(operationNameOf(args.document, args.operationName));
      const targetingKey = targetingKeyOf(args.contextValue);
      const priority = priorityOf(args.contextValue);
      const settle = (result: unknown): unknown =>
        isAsyncIterable(result)
          ? scopedPayloads(
              result as AsyncIterable<ResultLike>,
              () => unmeasured(new RequestRecord(endpoint, targetingKey, 'operation', priority)),
              (event, record) => finish(event, record, undefined),
            )
          : result;
      // The subscription's source stream is created in a scope of its own; its events get theirs. None is
      // measured for brownout: an event's scope opens while it waits for the event, which is no latency.
      const result = runInRequest(unmeasured(new RequestRecord(endpoint, targetingKey, 'operation', priority)), () => subscribe(args));
      return isThenable(result) ? result.then(settle) : settle(result);
    };
  }

  return {
    onExecute({ executeFn, setExecuteFn }) {
      let wrapped = wrappedExecutes.get(executeFn);
      if (wrapped === undefined) wrappedExecutes.set(executeFn, (wrapped = scopedExecute(executeFn)));
      setExecuteFn(wrapped);
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      let wrapped = wrappedSubscribes.get(subscribeFn);
      if (wrapped === undefined) wrappedSubscribes.set(subscribeFn, (wrapped = scopedSubscribe(subscribeFn)));
      setSubscribeFn(wrapped);
    },
    onResponse({ request, response }) {
      if (header === false) return;
      const value = headerFields.value(request);
      if (value !== undefined) response.headers.set(header, value);
    },
  };
}

/**
 * `settle(result)`, once `result` (a promise or not) resolves; when it rejects and `record` is measured,
 * `record` ends there (the error passes on unchanged), so a failed operation does not stay in flight for the
 * latency signal.
 */
function settleOrEnd(record: RequestRecord, result: unknown, settle: (result: unknown) => unknown): unknown {
  if (!isThenable(result)) return settle(result);
  if (record.startedAt < 0) return result.then(settle);
  return result.then(settle, (error: unknown) => {
    requestEnded(record);
    throw error;
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
