/**
 * Runs the pins API by hand: the four upstreams, the API in library mode and in naive mode, and the
 * upstreams' admin endpoint, until Ctrl-C.
 *
 *     npx tsx examples/pins-api/main.ts [--port 3000]
 *
 * The library API listens on the port, the naive one on the next, the admin endpoint on the one after.
 */
import { parseArgs } from 'node:util';
import { shutdownFieldDependencies } from 'field-dependency';
import { startPinsApi } from './startPinsApi.js';
import { startUpstreams } from './upstreams/startUpstreams.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65_533) {
  console.error(`--port must be a whole number from 1 to 65533; received ${values.port}`);
  process.exit(2);
}

const upstreams = await startUpstreams({ adminPort: port + 2 });
const library = await startPinsApi({ mode: 'library', upstreams: upstreams.urls, port });
const naive = await startPinsApi({ mode: 'naive', upstreams: upstreams.urls, port: port + 1 });

console.log(`pins API, library mode  ${library.url}   (metrics: ${library.metricsUrl})
pins API, naive mode    ${naive.url}
upstreams admin         ${upstreams.adminUrl}

  curl -i '${library.url}/v3/pins/7?fields=shopping,comments,board,images'
  curl -i '${library.url}/v3/boards/2/pins?fields=comments'
  curl -X PUT ${upstreams.adminUrl}/upstreams/shopping/fault -d '{"errorRate":1}'   # then ask again: 200, x-degraded-fields: shopping
  curl -X PUT ${upstreams.adminUrl}/faults -d '{}'                                  # heal every upstream

Ctrl-C to stop.`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await Promise.all([library.close(), naive.close()]);
  await upstreams.close();
  shutdownFieldDependencies();
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
