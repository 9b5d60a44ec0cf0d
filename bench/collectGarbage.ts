/** Runs a full garbage collection; requires `node --expose-gc` (`npm run bench` sets it). */
export function collectGarbage(): void {
  if (typeof globalThis.gc !== 'function') throw new Error('run the benchmark with `node --expose-gc` (`npm run bench` does)');
  globalThis.gc();
}
