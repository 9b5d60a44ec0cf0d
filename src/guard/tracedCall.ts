import type { ClearableLoader } from '../dataloader/ClearableLoader.js';
import { callChannel, type CallTraceContext } from '../events/callChannel.js';
import { currentRequest } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';
import type { Guard } from './Guard.js';
import { guardedCall } from './guardedCall.js';

/**
 * A guarded call published on the `field-dependency:call` tracing channel, for when somebody subscribes:
 * the same events, in the same order and with the same `result`/`error` fields, as Node's
 * `TracingChannel.traceSync` (a sync answer) or `tracePromise` (a promise), whichever the answer turns out
 * to be. The call's steps fill in `outcome` and `reason` (recordCall) before `end` or `asyncStart`.
 */
export function tracedCall(guard: Guard, thisArg: unknown, args: unknown[], dataLoader?: ClearableLoader<unknown>, others?: readonly RequestRecord[]): unknown {
  const { field, owner, critical } = guard.dependency;
  const first = args[0];
  const context: CallTraceContext = { field, owner, critical, endpoint: currentRequest()?.endpoint, keys: Array.isArray(first) ? first.length : undefined };
  return callChannel.start.runStores(context, () => {
    try {
      const answer = guardedCall(guard, thisArg, args, dataLoader, others, context);
      if (!(answer instanceof Promise)) {
        context.result = answer;
        return answer;
      }
      return answer.then(
        (result: unknown) => {
          context.result = result;
          callChannel.asyncStart.publish(context);
          callChannel.asyncEnd.publish(context);
          return result;
        },
        (error: unknown) => {
          context.error = error;
          callChannel.error.publish(context);
          callChannel.asyncStart.publish(context);
          callChannel.asyncEnd.publish(context);
          throw error;
        },
      );
    } catch (error) {
      context.error = error;
      callChannel.error.publish(context);
      throw error;
    } finally {
      callChannel.end.publish(context);
    }
  });
}
