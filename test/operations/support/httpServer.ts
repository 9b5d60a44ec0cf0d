import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node:http server on 127.0.0.1 that a test started. */
export interface TestHttpServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests received, as `METHOD path`. */
  readonly requests: string[];
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Starts a real HTTP server on 127.0.0.1 (a free port) answering with `handle`. */
export async function startHttpServer(handle: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>): Promise<TestHttpServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    Promise.resolve(handle(request, response)).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
