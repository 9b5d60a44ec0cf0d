import { PIN_FIELDS } from '../pins-api/fields.js';
import { ROUTES } from '../pins-api/routes.js';

/** Every field, as a client asking for a whole pin sends it. */
const ALL_FIELDS = `fields=${PIN_FIELDS.join(',')}`;

/**
 * The `sequence`-th page a client asks for: mostly pin pages (`/v3/pins/:id`), one in four a board's
 * pins (`/v3/boards/:id/pins`, eight pins per request), every field, ids spread over a range.
 */
export function pagePath(sequence: number): string {
  const id = 1 + ((sequence * 7_919) % 100_000);
  return sequence % 4 === 3 ? `${ROUTES.boardPins.replace(':id', String(1 + (id % 5_000)))}?${ALL_FIELDS}` : `${ROUTES.pin.replace(':id', String(id))}?${ALL_FIELDS}`;
}

/** Requests a careless or hostile client sends: each one is answered 4xx, without calling any upstream. */
export const BAD_REQUEST_PATHS: readonly string[] = [
  '/v3/pins/7?fields=shopping,price',
  '/v3/pins/7?fields=__proto__',
  `/v3/pins/7?fields=${Array(21).fill('images').join(',')}`,
  '/v3/pins/7x?fields=images',
];

/** One request in this many is a bad one, in the demo's mix. */
export const BAD_REQUEST_EVERY = 40;

/** The `sequence`-th request of the demo's mix: pages, and now and then a bad request. */
export function mixedPath(sequence: number): string {
  if (sequence % BAD_REQUEST_EVERY !== BAD_REQUEST_EVERY - 1) return pagePath(sequence);
  return BAD_REQUEST_PATHS[Math.floor(sequence / BAD_REQUEST_EVERY) % BAD_REQUEST_PATHS.length] as string;
}
