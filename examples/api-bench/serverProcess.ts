/**
 * A child process of the API benchmark, so that the load generator does not share an event loop (or
 * AsyncLocalStorage's promise hooks) with what it measures:
 *
 *     serverProcess.ts upstreams
 *     serverProcess.ts api <library|naive|naive+context|handwritten> <breaker JSON, or "off", or "-" in the other modes> <upstream URLs JSON> [<API options JSON>]
 *
 * The API options are `startPinsApi`'s `brownout` and `boardConcurrencyLimit` (library mode) and `fieldWorkMicros`
 * (any mode), as JSON (`{}`: none).
 * `naive+context` is naive mode with an empty AsyncLocalStorage context per request (`startPinsApi`'s
 * `requestContext`). Prints one JSON line once listening (`{ urls, adminUrl }` or `{ url, metricsUrl, mode }`), then serves until
 * SIGTERM, SIGINT or the end of stdin (the parent went away), closes everything and exits. Each line
 * read on stdin is a command, answered with one JSON line: `cpu` with the CPU time the process has used
 * so far, in microseconds (`{ "cpuMicros": … }`), so that the parent can measure CPU per request;
 * `profile-start` and `profile-stop <file>` with `{ "ok": true }` once V8's CPU profiler has started, or
 * stopped and written its profile (`.cpuprofile` JSON) to `<file>`. A command that fails is answered
 * with `{ "error": "<message>" }`, and the server goes on.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { shutdownFieldDependencies, type BreakerOptions } from 'field-dependency';
import type { PinsApiOptions } from '../pins-api/startPinsApi.js';
import { startPinsApi } from '../pins-api/startPinsApi.js';
import { CpuProfiler } from './CpuProfiler.js';
import { startUpstreams } from '../pins-api/upstreams/startUpstreams.js';
import type { UpstreamUrls } from '../pins-api/upstreams/UpstreamName.js';

const [role, mode, breaker, upstreamUrls, apiOptions] = process.argv.slice(2);
let close: () => Promise<void>;
if (role === 'upstreams') {
  const upstreams = await startUpstreams();
  console.log(JSON.stringify({ urls: upstreams.urls, adminUrl: upstreams.adminUrl }));
  close = upstreams.close;
} else if (role === 'api' && (mode === 'library' || mode === 'naive' || mode === 'naive+context' || mode === 'handwritten') && breaker !== undefined && upstreamUrls !== undefined) {
  const api = await startPinsApi({
    mode: mode === 'naive+context' ? 'naive' : mode,
    upstreams: JSON.parse(upstreamUrls) as UpstreamUrls,
    ...(breaker === '-' ? {} : { breaker: breaker === 'off' ? false : (JSON.parse(breaker) as BreakerOptions) }),
    ...(mode === 'naive+context' ? { requestContext: true } : {}),
    ...(apiOptions === undefined ? {} : (JSON.parse(apiOptions) as Pick<PinsApiOptions, 'brownout' | 'boardConcurrencyLimit' | 'fieldWorkMicros'>)),
  });
  console.log(JSON.stringify({ url: api.url, metricsUrl: api.metricsUrl, mode: api.mode }));
  close = async () => {
    await api.close();
    shutdownFieldDependencies();
  };
} else {
  console.error('usage: serverProcess.ts upstreams | api <library|naive|naive+context|handwritten> <breaker JSON|off|-> <upstream URLs JSON> [<library options JSON>]');
  process.exit(2);
}

const profiler = new CpuProfiler();
createInterface({ input: process.stdin }).on('line', (line) => {
  void answer(line.trim()).then(
    (reply) => console.log(JSON.stringify(reply)),
    (error: unknown) => console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) })),
  );
});
await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT'), once(process.stdin, 'end')]);
process.stdin.destroy();
await close();

async function answer(command: string): Promise<unknown> {
  if (command === 'cpu') {
    const { user, system } = process.cpuUsage();
    return { cpuMicros: user + system };
  }
  if (command === 'profile-start') {
    await profiler.start();
    return { ok: true };
  }
  if (command.startsWith('profile-stop ')) {
    await profiler.stopInto(command.slice('profile-stop '.length));
    return { ok: true };
  }
  return { error: `unknown command ${JSON.stringify(command)}: cpu, profile-start, profile-stop <file>` };
}
