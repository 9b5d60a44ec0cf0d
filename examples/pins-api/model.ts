/** A pin's shopping data (owner `shopping`): only pins that are products have one. */
export interface Shopping {
  readonly price: string;
  readonly merchant: string;
}

/** A pin's comments (owner `comments`). */
export interface CommentSummary {
  readonly count: number;
}

/** The board a pin is saved to (owner `boards`). */
export interface Board {
  readonly id: string;
  readonly name: string;
  readonly pinCount: number;
}

/** One rendition of a pin's image (owner `images`). */
export interface Image {
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/**
 * A pin as the API answers it: its id, and each requested field. A non-critical field that degraded is
 * `null` (and named in the `x-degraded-fields` header); `shopping` is also `null` for a pin that is not a product.
 */
export interface PinView {
  readonly id: string;
  shopping?: Shopping | null;
  comments?: CommentSummary | null;
  board?: Board | null;
  images?: readonly Image[];
}
