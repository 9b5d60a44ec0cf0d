/**
 * Four real upstreams on one HTTP server on 127.0.0.1, for the GraphQL integration tests. Each answers
 * `GET /<service>?ids=a,b` with one JSON value per id, and misbehaves for ids that ask for it:
 * - `boards`: always healthy;
 * - `shopping`: 500 when an id contains `noshop`;
 * - `comments`: never answers when an id contains `slowcomments` (the loader's timeout aborts the request);
 * - `images` (critical): 503 with an internal message when an id contains `noimages`;
 * - `inventory`: 500 when an id contains `nostock`.
 * A `gate` holds a service's answers, so that a test keeps many operations in flight at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running upstreams. */
export interface PinUpstreams {
  readonly base: string;
  /** How many requests each service received. */
  readonly hits: Record<string, number>;
  /** Holds `service`'s answers until `release()`; `arrived` resolves when `count` of its requests wait. */
  gate(service: string, count: number): { arrived: Promise<void>; release: () => void };
  close(): Promise<void>;
}

/** Text an upstream puts in its failures: it must never reach a GraphQL client. */
export const UPSTREAM_SECRET = 'db-primary-7 connection refused';

export async function startPinUpstreams(): Promise<PinUpstreams> {
  const hits: Record<string, number> = {};
  let held: { service: string; count: number; waiting: (() => void)[]; arrived: () => void } | undefined;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const service = url.pathname.slice(1);
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    hits[service] = (hits[service] ?? 0) + 1;
    const answer = (): void => {
      const has = (marker: string): boolean => ids.some((id) => id.includes(marker));
      if (service === 'comments' && has('slowcomments')) return; // hangs until the client aborts
      const failing = (service === 'shopping' && has('noshop')) || (service === 'images' && has('noimages')) || (service === 'inventory' && has('nostock'));
      if (failing) {
        response.writeHead(service === 'images' ? 503 : 500, { 'content-type': 'text/plain' }).end(UPSTREAM_SECRET);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ids.map((id) => valueOf(service, id))));
    };
    if (held?.service !== service) answer();
    else {
      held.waiting.push(answer);
      if (held.waiting.length === held.count) held.arrived();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    gate(service, count) {
      let arrived!: () => void;
      const arrivedPromise = new Promise<void>((resolve) => (arrived = resolve));
      const gate = { service, count, waiting: [] as (() => void)[], arrived };
      held = gate;
      return {
        arrived: arrivedPromise,
        release: () => {
          held = undefined;
          for (const answer of gate.waiting.splice(0)) answer();
        },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function valueOf(service: string, id: string): unknown {
  switch (service) {
    case 'boards':
      return { id: `board-of-${id}`, title: `Board of ${id}` };
    case 'shopping':
      return { price: 12.5 };
    case 'comments':
      return 3;
    case 'images':
      return [`https://img.example/${id}.jpg`];
    case 'inventory':
      return 7;
    default:
      return null;
  }
}
