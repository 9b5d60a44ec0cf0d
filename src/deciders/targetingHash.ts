/**
 * A 32-bit FNV-1a hash of a targeting key (a user or session id): fast, non-cryptographic, the same on
 * every host and every Node version, so a key gets the same answer from a decider across the fleet.
 * Computed once per request scope, not per call.
 */
export function targetingHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
