/**
 * The pins API example, as a library for tests, the demo, the benchmark and other tools: start the
 * upstreams, start the API in `library` or `naive` mode, drive faults, close everything.
 *
 * @example
 * import { startPinsApi, startUpstreams } from './examples/pins-api/index.js';
 *
 * const upstreams = await startUpstreams();
 * const api = await startPinsApi({ mode: 'library', upstreams: upstreams.urls });
 * await upstreams.setFaults({ shopping: { errorRate: 1 } });
 * const page = await fetch(`${api.url}/v3/pins/7`); // 200, x-degraded-fields: shopping
 * await api.close();
 * await upstreams.close();
 *
 * @module
 */
export { startPinsApi } from './startPinsApi.js';
export type { PinsApi, PinsApiMode, PinsApiOptions, DemoMode } from './startPinsApi.js';
export { startUpstreams } from './upstreams/startUpstreams.js';
export type { Upstreams, UpstreamsOptions } from './upstreams/startUpstreams.js';
export type { UpstreamControl } from './upstreams/UpstreamServer.js';
export type { UpstreamFault } from './upstreams/UpstreamFault.js';
export type { UpstreamStats } from './upstreams/UpstreamStats.js';
export { UPSTREAM_NAMES } from './upstreams/UpstreamName.js';
export type { UpstreamName, UpstreamUrls } from './upstreams/UpstreamName.js';
export { PIN_FIELDS, COMMENTS_TIMEOUT_MS } from './fields.js';
export { deciderFlags, writeDeciderFlags } from './deciders/writeDeciderFlags.js';
export type { DeciderPercents } from './deciders/writeDeciderFlags.js';
export { ROUTES } from './routes.js';
export type { PinView } from './model.js';
export type { ErrorBody } from './errorResponses.js';
