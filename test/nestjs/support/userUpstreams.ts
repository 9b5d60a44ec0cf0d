/**
 * The NestJS example's upstreams, real HTTP on 127.0.0.1: `GET /<service>?ids=a,b` answers one JSON value
 * per id, for `likes`, `followers`, `badges` and `avatars`. An id asks for trouble by containing a marker:
 * `nolikes`, `nofollowers`, `nobadges`, `noavatar` (500 or 503 with {@link UPSTREAM_SECRET}), `slowlikes`
 * (never answers, until the client aborts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Text an upstream puts in its failures: it must never reach a GraphQL client. */
export const UPSTREAM_SECRET = 'likes-db-3 connection refused';

/** The running upstreams. */
export interface UserUpstreams {
  readonly base: string;
  /** Requests received, per service. */
  readonly hits: Record<string, number>;
  /** What `likes` answers for every id from now on. */
  setLikes(count: number): void;
  close(): Promise<void>;
}

export async function startUserUpstreams(): Promise<UserUpstreams> {
  const hits: Record<string, number> = {};
  let likes = 3;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const service = url.pathname.slice(1);
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    hits[service] = (hits[service] ?? 0) + 1;
    const has = (marker: string): boolean => ids.some((id) => id.includes(marker));
    if (service === 'likes' && has('slowlikes')) return;
    const failing = { likes: 'nolikes', followers: 'nofollowers', badges: 'nobadges', avatars: 'noavatar' }[service];
    if (failing !== undefined && has(failing)) {
      response.writeHead(service === 'avatars' ? 503 : 500, { 'content-type': 'text/plain' }).end(UPSTREAM_SECRET);
      return;
    }
    const value = (id: string): unknown =>
      ({ likes, followers: 40, badges: ['early-adopter'], avatars: `https://img.example/${id}.png` })[service] ?? null;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ids.map(value)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    setLikes: (count) => void (likes = count),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
