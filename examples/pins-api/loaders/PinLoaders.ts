import type { Board, CommentSummary, Image, Shopping } from '../model.js';

/**
 * The batch loaders that hydrate pins, one per field, each calling its upstream once per batch. The
 * same functions serve both modes: as they are (`naive`), or wrapped by `fieldDependency` (`library`).
 */
export interface PinLoaders {
  /** Shopping data by pin id, for the pins that are products. */
  shopping(pinIds: readonly string[]): Promise<Map<string, Shopping>>;
  /** Each pin's comments, aligned with `pinIds`. */
  comments(pinIds: readonly string[]): Promise<(CommentSummary | null)[]>;
  /** Each board, aligned with `boardIds`. */
  board(boardIds: readonly string[]): Promise<(Board | null)[]>;
  /** Each pin's images, aligned with `pinIds`. */
  images(pinIds: readonly string[]): Promise<Image[][]>;
}
