import DataLoader from 'dataloader';
import type { PinLoaders } from '../pins-api/loaders/PinLoaders.js';
import type { Board, CommentSummary, Image, Shopping } from '../pins-api/model.js';

/** One DataLoader per field, made for one request (a DataLoader's cache must not outlive its request). */
export interface PinDataLoaders {
  readonly shopping: DataLoader<string, Shopping | null>;
  readonly comments: DataLoader<string, CommentSummary | null>;
  readonly board: DataLoader<string, Board | null>;
  readonly images: DataLoader<string, Image[]>;
}

/** The GraphQL context: the request's DataLoaders over the pins API's batch loaders. */
export interface PinsGraphQLContext {
  readonly loaders: PinDataLoaders;
}

/** DataLoaders for one request over `loaders` (wrapped by `fieldDependency` in library mode, plain in naive mode). */
export function createPinDataLoaders(loaders: PinLoaders): PinDataLoaders {
  return {
    // The shopping loader answers a Map: DataLoader wants one value per key, in order.
    shopping: new DataLoader(async (ids: readonly string[]) => {
      const byPin = await loaders.shopping(ids);
      return ids.map((id) => byPin.get(id) ?? null);
    }),
    comments: new DataLoader(loaders.comments),
    board: new DataLoader(loaders.board),
    images: new DataLoader(loaders.images),
  };
}
