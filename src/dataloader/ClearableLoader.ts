/** The part of a DataLoader the runtime needs to keep degraded keys out of its cache: `clear`. */
export interface ClearableLoader<K> {
  clear(key: K): unknown;
}
