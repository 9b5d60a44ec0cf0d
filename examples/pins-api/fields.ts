import type { UpstreamName } from './upstreams/UpstreamName.js';

/** The fields a client can ask for with `?fields=…`, in the order they are listed in messages. */
export const PIN_FIELDS = ['shopping', 'comments', 'board', 'images'] as const;

/** One field of a pin. */
export type PinField = (typeof PIN_FIELDS)[number];

/** The team (and upstream) that owns each field. */
export const FIELD_OWNERS: Readonly<Record<PinField, UpstreamName>> = Object.freeze({
  shopping: 'shopping',
  comments: 'comments',
  board: 'boards',
  images: 'images',
});

/** Most names `?fields=…` may hold (repeats count). */
export const MAX_FIELDS = 20;

/** The comments field's `timeoutMs` in library mode: past it, the page goes without comments. */
export const COMMENTS_TIMEOUT_MS = 100;
