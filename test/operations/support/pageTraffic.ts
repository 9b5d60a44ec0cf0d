import { setTimeout as sleep } from 'node:timers/promises';
import { httpGet } from '../../../examples/load/httpGet.js';

/** Requests sent to the pins API in the background, until stopped. */
export interface PageTraffic {
  /** Answers received, by HTTP status. */
  readonly statuses: Map<number, number>;
  /** Stops sending and waits for the request in flight. */
  stop(): Promise<void>;
}

/**
 * Asks the pins API for pin pages with `fields`, one request at a time with `pauseMs` between them,
 * until stopped, or after `maxRequests` or `maxMs` (whichever comes first), so it always ends.
 */
export function startPageTraffic(apiUrl: string, fields: readonly string[], { pauseMs = 20, maxRequests = 5_000, maxMs = 90_000 } = {}): PageTraffic {
  const statuses = new Map<number, number>();
  let stopped = false;
  const deadline = Date.now() + maxMs;
  const loop = (async () => {
    for (let request = 0; !stopped && request < maxRequests && Date.now() < deadline; request++) {
      try {
        const { status } = await httpGet(`${apiUrl}/v3/pins/${(request % 40) + 1}?fields=${fields.join(',')}`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
      await sleep(pauseMs);
    }
  })();
  return {
    statuses,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
