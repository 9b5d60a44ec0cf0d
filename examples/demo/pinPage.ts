import DataLoader from 'dataloader';
import {
  currentDegradations,
  degradationScope,
  isFieldDependencyError,
  type Degradation,
  type FieldDependencyError,
} from 'field-dependency';
import type { BatchBoards, PinFields } from './fields.js';

/** The route template: the `endpoint` label of every dependency call made for a page. */
export const PIN_ENDPOINT = '/v3/pins/:id';

/** How many pins a page hydrates: the pin and its related pins. */
export const PINS_PER_PAGE = 4;

/** What a pin page request answered, as a real API would send it. */
export type PinPage =
  | {
      readonly status: 200;
      readonly path: string;
      /** The `x-degraded-fields` header, when something was left out. */
      readonly degradedFields: string | undefined;
      readonly degradations: readonly Degradation[];
      /** How many of the page's pins got each field's real data. */
      readonly filled: { readonly shopping: number; readonly comments: number; readonly boards: number };
    }
  | {
      readonly status: 503;
      readonly path: string;
      readonly error: FieldDependencyError;
      readonly degradations: readonly Degradation[];
    };

/**
 * Renders `/v3/pins/:pinId` inside a degradation scope: hydrates the pin and its related pins through
 * every field dependency, and boards through a per-request DataLoader. Non-critical fields never
 * reject; a critical failure (images) becomes a 503.
 */
export function renderPinPage(fields: PinFields, batchBoards: BatchBoards, pinId: string): Promise<PinPage> {
  const path = PIN_ENDPOINT.replace(':id', pinId);
  return degradationScope(
    async (): Promise<PinPage> => {
      const pinIds = relatedPins(pinId);
      const boardLoader = new DataLoader(batchBoards);
      // Non-critical fields never reject. The critical images call may: its rejection is kept as a value
      // so that every field has settled before the page answers (the demo reads the metrics right after).
      const [shopping, comments, boards, images] = await Promise.all([
        fields.shopping(pinIds),
        fields.commentCounts(pinIds),
        Promise.all(pinIds.map((id) => boardLoader.load(boardOf(id)))),
        fields.images(pinIds).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ]);
      const degradations = currentDegradations();
      if (images !== undefined) {
        if (!isFieldDependencyError(images)) throw images;
        return { status: 503, path, error: images, degradations };
      }
      return {
        status: 200,
        path,
        degradedFields: degradedFieldsHeader(degradations),
        degradations,
        filled: {
          shopping: pinIds.filter((id) => shopping.has(id)).length,
          comments: comments.filter((count) => count !== null).length,
          boards: boards.filter((board) => board !== null).length,
        },
      };
    },
    { endpoint: PIN_ENDPOINT },
  );
}

/** The `x-degraded-fields` value: each degraded field once, or `undefined` when nothing degraded. */
export function degradedFieldsHeader(degradations: readonly Degradation[]): string | undefined {
  if (degradations.length === 0) return undefined;
  return [...new Set(degradations.map((degradation) => degradation.field))].join(', ');
}

/** The pin and the pins shown next to it (`p3` → `p3, p4, p5, p6`). */
function relatedPins(pinId: string): string[] {
  const first = Number(pinId.slice(1));
  return Array.from({ length: PINS_PER_PAGE }, (_, index) => `p${first + index}`);
}

/** The board a pin is saved to: pins share three boards, so DataLoader deduplicates. */
function boardOf(pinId: string): string {
  return `b${Number(pinId.slice(1)) % 3}`;
}
