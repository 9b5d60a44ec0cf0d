import DataLoader from 'dataloader';
import type { PinField } from './fields.js';
import type { PinLoaders } from './loaders/PinLoaders.js';
import type { Shopping, PinView } from './model.js';
import { boardOf } from './pinStore.js';
import { spendFieldWork } from './spendFieldWork.js';

/**
 * Hydrates `pinIds` with the requested fields, through DataLoaders made for this request: each field's
 * loader is called once, with every key the request needs (boards deduplicated). Rejects when a field
 * rejects: in library mode only the critical `images` can; in naive mode any failing upstream does.
 * `fieldWorkMicros`: CPU spent on each field value that came with data (not an empty value), see
 * {@link spendFieldWork}.
 */
export async function hydratePins(pinIds: readonly string[], fields: readonly PinField[], loaders: PinLoaders, fieldWorkMicros = 0): Promise<PinView[]> {
  const pins: PinView[] = pinIds.map((id) => ({ id }));
  await Promise.all(fields.map((field) => FILL[field](pins, loaders)));
  if (fieldWorkMicros > 0) {
    for (const pin of pins) for (const field of fields) if (hasData(pin[field])) spendFieldWork(fieldWorkMicros);
  }
  return pins;
}

/** Whether a field's value carries data to work on: not the empty value (`null`, an empty list) nor missing. */
function hasData(value: unknown): boolean {
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

type Fill = (pins: PinView[], loaders: PinLoaders) => Promise<void>;

const FILL: Readonly<Record<PinField, Fill>> = {
  async shopping(pins, loaders) {
    // The shopping loader answers a Map: DataLoader wants one value per key, in order.
    const loader = new DataLoader<string, Shopping | null>(async (ids) => {
      const byPin = await loaders.shopping(ids);
      return ids.map((id) => byPin.get(id) ?? null);
    });
    const values = await Promise.all(pins.map((pin) => loader.load(pin.id)));
    pins.forEach((pin, index) => (pin.shopping = values[index] ?? null));
  },
  async comments(pins, loaders) {
    const loader = new DataLoader(loaders.comments);
    const values = await Promise.all(pins.map((pin) => loader.load(pin.id)));
    pins.forEach((pin, index) => (pin.comments = values[index] ?? null));
  },
  async board(pins, loaders) {
    const loader = new DataLoader(loaders.board);
    const values = await Promise.all(pins.map((pin) => loader.load(boardOf(pin.id))));
    pins.forEach((pin, index) => (pin.board = values[index] ?? null));
  },
  async images(pins, loaders) {
    const loader = new DataLoader(loaders.images);
    const values = await Promise.all(pins.map((pin) => loader.load(pin.id)));
    pins.forEach((pin, index) => (pin.images = values[index] ?? []));
  },
};
