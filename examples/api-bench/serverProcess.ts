/**
 * A child process of the API benchmark, so that the load generator does not share an event loop (or
 * AsyncLocalStorage's promise hooks) with what it measures:
 *
 *     serverProcess.ts upstreams
 *     serverProcess.ts api <library|naive> <breaker JSON, or "off", or "-" in naive mode> <upstream URLs JSON>
 *
 * Prints one JSON line once listening (`{ urls, adminUrl }` or `{ url, metricsUrl, mode }`), then serves until
 * SIGTERM, SIGINT or the end of stdin (the parent went away), closes everything and exits. Each line
 * read on stdin is answered with the CPU time the process has used so far, in microseconds
 * (`{ "cpuMicros": … }`), so that the parent can measure CPU per request.
 */
import { once } from 'node:events';
import { shutdownFieldDependencies, type BreakerOptions } from 'field-dependency';
import { startPinsApi } from '../pins-api/startPinsApi.js';
import { startUpstreams } from '../pins-api/upstreams/startUpstreams.js';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';

const [role, mode, breaker, upstreamUrls] = process.argv.slice(2);
let close: () => Promise<void>;
if (role === 'upstreams') {
  const upstreams = await startUpstreams();
  console.log(JSON.stringify({ urls: upstreams.urls, adminUrl: upstreams.adminUrl }));
  close = upstreams.close;
} else if (role === 'api' && (mode === 'library' || mode === 'naive') && breaker !== undefined && upstreamUrls !== undefined) {
  const api = await startPinsApi({
    mode,
    upstreams: JSON.parse(upstreamUrls) as UpstreamUrls,
    ...(breaker === '-' ? {} : { breaker: breaker === 'off' ? false : (JSON.parse(breaker) as BreakerOptions) }),
  });
  console.log(JSON.stringify({ url: api.url, metricsUrl: api.metricsUrl, mode }));
  close = async () => {
    await api.close();
    shutdownFieldDependencies();
  };
} else {
  console.error('usage: serverProcess.ts upstreams | api <library|naive> <breaker JSON|off|-> <upstream URLs JSON>');
  process.exit(2);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ cpuMicros: user + system }));
});
await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT'), once(process.stdin, 'end')]);
process.stdin.destroy();
await close();
