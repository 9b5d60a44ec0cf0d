import { setImmediate } from 'node:timers/promises';

/**
 * Waits one turn of the event loop: a closed server or socket emits `close` before libuv has released
 * its handle, which `process.getActiveResourcesInfo()` still lists until then. Awaited at the end of
 * every `close()`, so that nothing is listed once it resolves.
 */
export async function settleClosedHandles(): Promise<void> {
  await setImmediate();
}
