import { runInRequest } from '../scope/callContext.js';
import type { RequestRecord } from '../scope/RequestRecord.js';

/**
 * A stream of results (a subscription's events, or the payloads of an incremental `@defer`/`@stream`
 * response) whose every `next()` runs in the scope of `recordFor()`, the resolvers it triggers included,
 * and whose every payload goes through `finish` with that record. `return` and `throw` are passed on.
 */
export function scopedPayloads<T>(
  source: AsyncIterable<T>,
  recordFor: () => RequestRecord,
  finish: (payload: T, record: RequestRecord) => T,
): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const record = recordFor();
      const step = await runInRequest(record, () => iterator.next());
      return step.done === true ? step : { done: false, value: finish(step.value, record) };
    },
    async return(value?: unknown) {
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (iterator.throw === undefined) throw error;
      return iterator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Whether `value` is an async iterable (a stream of results rather than one result). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}
