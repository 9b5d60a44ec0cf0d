/**
 * One fleet of the pins API in a process of its own (the runtime's metrics are per process): its four
 * upstreams, with the faults given as JSON in the first argument, and the API in library mode on a free
 * port of 127.0.0.1. Prints `listening <url>` once it serves, and stops on SIGTERM.
 *
 *     node --import tsx test/canary/support/pinsApiFleet.ts '{"shopping":{"errorRate":0.2}}'
 */
import { shutdownFieldDependencies } from 'field-dependency';
import { startPinsApi, startUpstreams } from '../../../examples/pins-api/index.js';

const faults: unknown = JSON.parse(process.argv[2] ?? '{}');
const upstreams = await startUpstreams();
await upstreams.setFaults(faults as Parameters<typeof upstreams.setFaults>[0]);
const api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
process.stdout.write(`listening ${api.url}\n`);
process.once('SIGTERM', () => {
  void (async () => {
    await api.close();
    await upstreams.close();
    shutdownFieldDependencies();
  })();
});
