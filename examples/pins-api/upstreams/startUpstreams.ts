import { settleClosedHandles } from '../settleClosedHandles.js';
import { startAdminServer } from './adminServer.js';
import { resolveFault, type UpstreamFault } from './UpstreamFault.js';
import { UPSTREAM_NAMES, type UpstreamName, type UpstreamUrls } from './UpstreamName.js';
import { UpstreamServer, type UpstreamControl } from './UpstreamServer.js';

/** Options of {@link startUpstreams}. */
export interface UpstreamsOptions {
  /**
   * The admin endpoint's port (the upstreams themselves always take free ports).
   * @default 0, a free port
   */
  readonly adminPort?: number;
}

/** The running upstream services of the pins API. */
export interface Upstreams {
  /** Every upstream's base URL: give it to `startPinsApi({ upstreams: upstreams.urls })`. */
  readonly urls: UpstreamUrls;
  /** Every upstream's fault switch and counters, by name. */
  readonly controls: Readonly<Record<UpstreamName, UpstreamControl>>;
  /** The admin endpoint (`GET /upstreams`, `PUT /upstreams/<name>/fault`, `PUT /faults`), for other processes. */
  readonly adminUrl: string;
  /**
   * Sets every upstream's fault at once: those named get theirs, the others are healed.
   * @example
   * await upstreams.setFaults({ shopping: { errorRate: 1 }, comments: { hang: true } });
   * await upstreams.setFaults({}); // all healthy
   */
  setFaults(faults: Partial<Record<UpstreamName, UpstreamFault>>): Promise<void>;
  /** Closes every upstream and the admin endpoint, dropping held requests; leaves no socket or timer behind. */
  close(): Promise<void>;
}

/**
 * Starts the four upstreams of the pins API (`shopping`, `comments`, `boards`, `images`), each a small
 * real HTTP server on 127.0.0.1 on a free port, healthy, and their admin endpoint.
 *
 * @example
 * const upstreams = await startUpstreams();
 * await upstreams.controls.shopping.setFault({ errorRate: 1 });
 * // … requests …
 * console.log(upstreams.controls.shopping.stats.requests);
 * await upstreams.close();
 */
export async function startUpstreams(options: UpstreamsOptions = {}): Promise<Upstreams> {
  const servers = UPSTREAM_NAMES.map((name) => new UpstreamServer(name));
  await Promise.all(servers.map((server) => server.start()));
  const controls = Object.fromEntries(servers.map((server) => [server.name, server])) as Record<UpstreamName, UpstreamServer>;
  const setFaults = async (faults: Partial<Record<UpstreamName, UpstreamFault>>): Promise<void> => {
    // All checked before any changes: an invalid fault leaves every upstream as it was.
    for (const server of servers) resolveFault(faults[server.name] ?? {});
    await Promise.all(servers.map((server) => server.setFault(faults[server.name] ?? {})));
  };
  let admin: Awaited<ReturnType<typeof startAdminServer>>;
  try {
    admin = await startAdminServer({ controls, setFaults }, options.adminPort ?? 0);
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    urls: Object.fromEntries(servers.map((server) => [server.name, server.url])) as Record<UpstreamName, string>,
    controls,
    adminUrl: admin.url,
    setFaults,
    close: () => (closing ??= Promise.all([admin.close(), ...servers.map((server) => server.close())]).then(settleClosedHandles)),
  };
}
