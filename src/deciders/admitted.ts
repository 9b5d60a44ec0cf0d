/** Buckets a percentage is measured in: 10,000, so a decider at 37.5 admits 3,750 of them. */
const BUCKETS = 10_000;

/**
 * Whether a call passes a decider below 100: `percent` is the decider's value, `salt` the dependency's
 * (a hash of its flag key, so that one user is not gated on every field at once), `keyHash` the
 * request's targeting-key hash, or -1 for none (then the call is gated at random).
 *
 * The same key and salt always land in the same bucket, so a user keeps the same answer while the
 * percentage stays the same, and keeps being admitted when it goes up.
 */
export function admitted(percent: number, salt: number, keyHash: number): boolean {
  if (keyHash < 0) return Math.random() * 100 < percent;
  // murmur3's finalizer: spreads FNV-1a's low bits, which a plain modulo would keep correlated.
  let mixed = (keyHash ^ salt) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  mixed = (mixed ^ (mixed >>> 16)) >>> 0;
  return mixed % BUCKETS < percent * (BUCKETS / 100);
}
