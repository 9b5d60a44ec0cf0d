import { isDeepStrictEqual } from 'node:util';
import { fieldDependency, type BreakerOptions, type ConcurrencyLimit } from 'field-dependency';
import { COMMENTS_TIMEOUT_MS, FIELD_OWNERS } from '../fields.js';
import type { PinLoaders } from './PinLoaders.js';

/** The settings the first library-mode API of this process declared its fields with. */
let declared: LibrarySettings | undefined;

/** What a library-mode API declares its fields with, the same for every such API of a process. */
export interface LibrarySettings {
  /** The non-critical fields' breaker settings (`undefined`: the library's defaults; `false`: none). */
  readonly breaker: BreakerOptions | false | undefined;
  /** The board field's concurrency limit (`undefined`: none). */
  readonly boardConcurrencyLimit: ConcurrencyLimit | undefined;
}

/**
 * The same loaders, each declared as a field dependency of its owner:
 *
 * | field | type | owner | tier | |
 * |---|---|---|---|---|
 * | `shopping` | `Map` | `shopping` | 2 | whole-result fallback: an empty Map |
 * | `comments` | `[null]` | `comments` | 3 | aligned batch, `timeoutMs` {@link COMMENTS_TIMEOUT_MS} |
 * | `board` | `[null]` | `boards` | 2 | aligned batch, optionally a concurrency limit |
 * | `images` | `[Array]` | `images` | 1 | **critical**: failures propagate (the API answers 503) |
 *
 * Under brownout (`configure({ brownout })`) comments, the most optional, go first, then shopping and board;
 * images never. The runtime keeps one breaker, one concurrency limit and one set of counters per field and
 * owner in a process, so every library-mode API of a process shares them, with the settings of the first.
 * @throws TypeError when another library-mode API of this process declared other settings.
 */
export function libraryLoaders(loaders: PinLoaders, settings: LibrarySettings): PinLoaders {
  for (const [name, value] of Object.entries(settings) as [keyof LibrarySettings, unknown][]) {
    if (declared !== undefined && !isDeepStrictEqual(declared[name], value)) {
      throw new TypeError(
        `startPinsApi: option \`${name}\` must be the same for every library-mode API of a process (one ${name === 'breaker' ? 'breaker' : 'concurrency limit'} per field and owner); ` +
          `this process started one with ${JSON.stringify(declared[name]) ?? 'the defaults'}, received ${JSON.stringify(value) ?? 'the defaults'}`,
      );
    }
  }
  const { breaker, boardConcurrencyLimit } = settings;
  const common = breaker === undefined ? {} : { breaker };
  const wrapped: PinLoaders = {
    shopping: fieldDependency(Map, { owner: FIELD_OWNERS.shopping, name: 'shopping', tier: 2, ...common })(loaders.shopping),
    comments: fieldDependency([null], { owner: FIELD_OWNERS.comments, name: 'comments', tier: 3, timeoutMs: COMMENTS_TIMEOUT_MS, ...common })(loaders.comments),
    board: fieldDependency([null], {
      owner: FIELD_OWNERS.board,
      name: 'board',
      tier: 2,
      ...common,
      ...(boardConcurrencyLimit === undefined ? {} : { concurrencyLimit: boardConcurrencyLimit }),
    })(loaders.board),
    images: fieldDependency([Array], { owner: FIELD_OWNERS.images, name: 'images', critical: true })(loaders.images),
  };
  declared = settings;
  return wrapped;
}
