import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `check` until it stops throwing, and returns its result: for conditions that Prometheus reaches
 * after some scrapes and evaluations. After `timeoutMs` it throws `check`'s last error. A wait with a
 * deadline, not a speed assertion.
 */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 20_000, intervalMs = 250 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(intervalMs);
  }
}
