import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isUpstreamName, UPSTREAM_NAMES, type UpstreamName } from './UpstreamName.js';
import type { UpstreamControl } from './UpstreamServer.js';
import type { UpstreamFault } from './UpstreamFault.js';

const MAX_BODY_BYTES = 4096;

/** What the admin endpoint needs: the upstreams, and a way to set every fault at once. */
export interface AdminTarget {
  readonly controls: Readonly<Record<UpstreamName, UpstreamControl>>;
  setFaults(faults: Partial<Record<UpstreamName, UpstreamFault>>): Promise<void>;
}

/**
 * The upstreams' admin endpoint, for a load generator in another process or a person with curl:
 *
 * - `GET /upstreams` → `{ "<name>": { url, fault, stats }, … }`;
 * - `PUT /upstreams/<name>/fault` with a fault as JSON (`{ "errorRate": 1 }`; `{}` heals) → that upstream;
 * - `PUT /faults` with `{ "<name>": <fault>, … }` → every upstream (those not named are healed).
 *
 * Bad JSON or an invalid fault answers 400 with a message naming the setting.
 */
export async function startAdminServer(target: AdminTarget, port = 0, host = '127.0.0.1'): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    handle(target, request, response).catch((error: unknown) => reply(response, 500, { error: error instanceof Error ? error.message : 'failed' }));
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => closeServer(server),
  };
}

async function handle(target: AdminTarget, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://admin').pathname;
  if (request.method === 'GET' && path === '/upstreams') {
    reply(response, 200, describeAll(target));
    return;
  }
  const single = /^\/upstreams\/([^/]+)\/fault$/.exec(path);
  if (request.method === 'PUT' && single !== null) {
    const name = decodeURIComponent(single[1] as string);
    if (!isUpstreamName(name)) {
      reply(response, 404, { error: `no upstream ${JSON.stringify(name.slice(0, 40))}; the upstreams are ${UPSTREAM_NAMES.join(', ')}` });
      return;
    }
    const body = await readJson(request, response);
    if (body === undefined) return;
    if (await rejected(response, () => target.controls[name].setFault(body as UpstreamFault))) return;
    reply(response, 200, describe(target.controls[name]));
    return;
  }
  if (request.method === 'PUT' && path === '/faults') {
    const body = await readJson(request, response);
    if (body === undefined) return;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      reply(response, 400, { error: 'the body must be an object of faults by upstream name, such as { "shopping": { "errorRate": 1 } }' });
      return;
    }
    const unknown = Object.keys(body).find((name) => !isUpstreamName(name));
    if (unknown !== undefined) {
      reply(response, 400, { error: `no upstream ${JSON.stringify(unknown.slice(0, 40))}; the upstreams are ${UPSTREAM_NAMES.join(', ')}` });
      return;
    }
    if (await rejected(response, () => target.setFaults(body as Partial<Record<UpstreamName, UpstreamFault>>))) return;
    reply(response, 200, describeAll(target));
    return;
  }
  reply(response, 404, { error: 'the admin endpoint has GET /upstreams, PUT /upstreams/<name>/fault and PUT /faults' });
}

/** Runs `change`; on a `TypeError` (an invalid fault) answers 400 with its message and returns true. */
async function rejected(response: ServerResponse, change: () => Promise<void>): Promise<boolean> {
  try {
    await change();
    return false;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    reply(response, 400, { error: error.message });
    return true;
  }
}

/** The request's JSON body; `undefined` after answering 400 when it is too large or not JSON. */
async function readJson(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) {
      reply(response, 400, { error: `the body must be at most ${MAX_BODY_BYTES} bytes` });
      return undefined;
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    reply(response, 400, { error: 'the body must be JSON, such as { "errorRate": 1 }' });
    return undefined;
  }
}

function describe(control: UpstreamControl): unknown {
  return { url: control.url, fault: control.fault, stats: control.stats };
}

function describeAll(target: AdminTarget): unknown {
  return Object.fromEntries(UPSTREAM_NAMES.map((name) => [name, describe(target.controls[name])]));
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function closeServer(server: Server): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}
