import { AsyncLocalStorage } from 'node:async_hooks';
import CircuitBreaker from 'opossum';
import { Counter, Histogram, type Registry } from 'prom-client';
import { DEFAULT_BREAKER_OPTIONS, LATENCY_BUCKETS } from 'field-dependency';
import { COMMENTS_TIMEOUT_MS, FIELD_OWNERS, type PinField } from '../fields.js';
import type { PinLoaders } from '../loaders/PinLoaders.js';
import { handWrittenRequests } from './handWrittenScope.js';

/** The signal of the comments call in flight, for the HTTP client (`upstreamLoaders`' `signal`). */
export const handWrittenCallSignal = new AsyncLocalStorage<AbortSignal>();

type Batch<V> = (keys: readonly string[]) => Promise<V>;

/**
 * The same guarantees as the library's loaders, written by hand with the same packages, the way a
 * competent team would: an opossum breaker per non-critical field with the library's default options and
 * a fresh empty value as its fallback, a timeout on comments that aborts its upstream request, a
 * prom-client duration histogram and a calls counter per field, and the degraded fields noted in the
 * request's AsyncLocalStorage store (for the `x-degraded-fields` header). `images` is critical: measured
 * and counted, its failures propagate.
 *
 * @param plain the plain loaders; their HTTP client must read {@link handWrittenCallSignal} for comments.
 */
export function handWrittenLoaders(plain: PinLoaders, registry: Registry): PinLoaders {
  const duration = new Histogram({
    name: 'handwritten_loader_duration_seconds',
    help: 'Loader latency, by field and owner.',
    labelNames: ['field', 'owner'] as const,
    buckets: [...LATENCY_BUCKETS],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'handwritten_loader_calls_total',
    help: 'Loader calls, by field, owner and outcome.',
    labelNames: ['field', 'owner', 'outcome'] as const,
    registers: [registry],
  });

  /** Times and counts one call of `field`'s loader. */
  function instrumented<V>(field: PinField, load: Batch<V>): Batch<V> {
    const labels = { field, owner: FIELD_OWNERS[field] };
    const success = { ...labels, outcome: 'success' };
    const failed = { ...labels, outcome: 'failed' };
    return async (keys) => {
      const startedAt = performance.now();
      try {
        const value = await load(keys);
        calls.inc(success);
        return value;
      } catch (error) {
        calls.inc(failed);
        throw error;
      } finally {
        duration.observe(labels, (performance.now() - startedAt) / 1000);
      }
    };
  }

  /** A breaker around `field`'s loader, answering `empty(keys)` (and noting the field in the request) on any failure. */
  function guarded<V>(field: PinField, load: Batch<V>, empty: (keys: readonly string[]) => V): Batch<V> {
    const breaker = new CircuitBreaker(instrumented(field, load), { ...DEFAULT_BREAKER_OPTIONS, timeout: false });
    const degraded = { field, owner: FIELD_OWNERS[field], outcome: 'degraded' };
    breaker.fallback((keys: readonly string[]) => {
      calls.inc(degraded);
      handWrittenRequests.getStore()?.degraded.push(field);
      return empty(keys);
    });
    return (keys) => breaker.fire(keys) as Promise<V>;
  }

  /** Comments with its timeout: the call's own AbortController, aborted when it passes. */
  async function commentsWithTimeout(keys: readonly string[]): ReturnType<PinLoaders['comments']> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`comments timed out after ${COMMENTS_TIMEOUT_MS} ms`)), COMMENTS_TIMEOUT_MS);
    try {
      const answer = handWrittenCallSignal.run(controller.signal, () => plain.comments(keys));
      return await Promise.race([
        answer,
        new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true })),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  const nulls = (keys: readonly string[]) => keys.map(() => null);
  return {
    shopping: guarded('shopping', plain.shopping, () => new Map()),
    comments: guarded('comments', commentsWithTimeout, nulls),
    board: guarded('board', plain.board, nulls),
    images: instrumented('images', plain.images),
  };
}
