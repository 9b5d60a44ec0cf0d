import { isDeepStrictEqual } from 'node:util';
import { fieldDependency, type BreakerOptions } from 'field-dependency';
import { COMMENTS_TIMEOUT_MS, FIELD_OWNERS } from '../fields.js';
import type { PinLoaders } from './PinLoaders.js';

/** The breaker settings the first library-mode API of this process declared its fields with. */
let declaredBreaker: { readonly value: BreakerOptions | false | undefined } | undefined;

/**
 * The same loaders, each declared as a field dependency of its owner:
 *
 * | field | type | owner | |
 * |---|---|---|---|
 * | `shopping` | `Map` | `shopping` | whole-result fallback: an empty Map |
 * | `comments` | `[null]` | `comments` | aligned batch, `timeoutMs` {@link COMMENTS_TIMEOUT_MS} |
 * | `board` | `[null]` | `boards` | aligned batch |
 * | `images` | `[Array]` | `images` | **critical**: failures propagate (the API answers 503) |
 *
 * The runtime keeps one breaker and one set of counters per field and owner in a process, so every
 * library-mode API of a process shares them, with the breaker settings of the first.
 * @param breaker the non-critical fields' breaker settings (`undefined`: the library's defaults; `false`: none).
 * @throws TypeError when another library-mode API of this process declared other breaker settings.
 */
export function libraryLoaders(loaders: PinLoaders, breaker: BreakerOptions | false | undefined): PinLoaders {
  if (declaredBreaker !== undefined && !isDeepStrictEqual(declaredBreaker.value, breaker)) {
    throw new TypeError(
      `startPinsApi: option \`breaker\` must be the same for every library-mode API of a process (one breaker per field and owner); ` +
        `this process started one with ${JSON.stringify(declaredBreaker.value) ?? 'the defaults'}, received ${JSON.stringify(breaker) ?? 'the defaults'}`,
    );
  }
  const common = breaker === undefined ? {} : { breaker };
  const wrapped: PinLoaders = {
    shopping: fieldDependency(Map, { owner: FIELD_OWNERS.shopping, name: 'shopping', ...common })(loaders.shopping),
    comments: fieldDependency([null], { owner: FIELD_OWNERS.comments, name: 'comments', timeoutMs: COMMENTS_TIMEOUT_MS, ...common })(loaders.comments),
    board: fieldDependency([null], { owner: FIELD_OWNERS.board, name: 'board', ...common })(loaders.board),
    images: fieldDependency([Array], { owner: FIELD_OWNERS.images, name: 'images', critical: true })(loaders.images),
  };
  declaredBreaker = { value: breaker };
  return wrapped;
}
