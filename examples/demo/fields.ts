import { fieldDependency } from 'field-dependency';
import { getJson, type FakeUpstream, type Upstreams } from './upstreams.js';

/** Shopping metadata of a pin. */
export interface Shopping {
  readonly price: string;
  readonly merchant: string;
}

/** A pin's image. */
export interface Image {
  readonly url: string;
  readonly width: number;
}

/** The board a pin is saved to. */
export interface Board {
  readonly id: string;
  readonly name: string;
}

/**
 * The shopping breaker's settings: it opens after a few failures and tries again after 200 ms, so the
 * demo shows both in a second (the defaults, `DEFAULT_BREAKER_OPTIONS`, wait for 20 calls and 10 s).
 */
export const SHOPPING_BREAKER = { volumeThreshold: 4, resetTimeout: 200 } as const;

/** The loaders that hydrate pins, each one a field dependency with its owner. */
export class PinFields {
  readonly #upstreams: Upstreams;

  constructor(upstreams: Upstreams) {
    this.#upstreams = upstreams;
  }

  /** Whole-result fallback: on failure, a fresh empty Map (the page shows no prices). */
  @fieldDependency(Map, { owner: 'shopping', breaker: SHOPPING_BREAKER })
  async shopping(pinIds: readonly string[]): Promise<Map<string, Shopping>> {
    const byPin = await getJson<Record<string, Shopping>>(this.#upstreams.shopping, pinIds);
    return new Map(Object.entries(byPin));
  }

  /** Aligned batch: on failure, `null` for each pin; past 150 ms the HTTP request is cancelled. */
  @fieldDependency([null], { owner: 'comments', timeoutMs: 150 })
  async commentCounts(pinIds: readonly string[]): Promise<(number | null)[]> {
    return getJson<number[]>(this.#upstreams.comments, pinIds);
  }

  /** Critical: a pin page without images is no page, so failures propagate (and are counted). */
  @fieldDependency(Array, { owner: 'images', critical: true })
  async images(pinIds: readonly string[]): Promise<Image[]> {
    return getJson<Image[]>(this.#upstreams.images, pinIds);
  }
}

/** The boards batch function: a plain function wrapped by `fieldDependency`, for `new DataLoader(…)`. */
export type BatchBoards = (boardIds: readonly string[]) => Promise<(Board | null)[]>;

/** Wraps the boards batch function once; give the result to a DataLoader per request. */
export function createBatchBoards(upstream: FakeUpstream): BatchBoards {
  return fieldDependency([null], { owner: 'boards', name: 'boards' })(async function batchBoards(
    boardIds: readonly string[],
  ): Promise<(Board | null)[]> {
    return getJson<Board[]>(upstream, boardIds);
  });
}
