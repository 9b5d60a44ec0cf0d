import { currentSignal } from 'field-dependency';
import type { UpstreamClient } from '../http/UpstreamClient.js';
import { UpstreamError } from '../http/UpstreamError.js';
import type { Board, CommentSummary, Image, Shopping } from '../model.js';
import type { PinLoaders } from './PinLoaders.js';

/**
 * The plain batch loaders: one HTTP request per batch to the field's upstream. Each passes `signal()`
 * to the HTTP client, by default `currentSignal()`: inside a `fieldDependency` call with `timeoutMs` that
 * is the call's own signal, aborted on timeout, so the upstream request is really cancelled; elsewhere
 * (naive mode) it is `undefined` and the request waits as long as the upstream does.
 */
export function upstreamLoaders(client: UpstreamClient, signal: () => AbortSignal | undefined = currentSignal): PinLoaders {
  return {
    async shopping(pinIds) {
      const byPin = await client.getJson('shopping', pinIds, signal());
      if (typeof byPin !== 'object' || byPin === null || Array.isArray(byPin)) throw new UpstreamError('shopping answered something else than an object', undefined);
      return new Map(Object.entries(byPin as Record<string, Shopping>));
    },
    async comments(pinIds) {
      return aligned<CommentSummary | null>(await client.getJson('comments', pinIds, signal()), 'comments');
    },
    async board(boardIds) {
      return aligned<Board | null>(await client.getJson('boards', boardIds, signal()), 'boards');
    },
    async images(pinIds) {
      return aligned<Image[]>(await client.getJson('images', pinIds, signal()), 'images');
    },
  };
}

/** The body as a batch answer (one element per key; the length is the batch contract's to check). */
function aligned<T>(body: unknown, upstream: string): T[] {
  if (!Array.isArray(body)) throw new UpstreamError(`${upstream} answered something else than an array`, undefined);
  return body as T[];
}
