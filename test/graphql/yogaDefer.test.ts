/**
 * `useFieldDependency` on a real graphql-yoga 5 server with `@defer` (`useDeferStream`), over real HTTP on
 * 127.0.0.1: a critical failure inside a deferred payload reaches the client as `FIELD_DEPENDENCY_FAILED`
 * with the field name only, as in the initial payload, whatever Yoga's error masking does (envelop's
 * masking reads only a result's top-level `errors`, not those of incremental payloads).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { useFieldDependency } from 'field-dependency/graphql';
import { createLoaders, schema, useUpstreams, type PinContext } from './support/pinSchema.js';
import { startPinUpstreams, UPSTREAM_SECRET, type PinUpstreams } from './support/pinUpstreams.js';

let upstreams: PinUpstreams;
beforeAll(async () => {
  upstreams = await startPinUpstreams();
  useUpstreams(upstreams.base);
});
afterAll(() => upstreams.close());
beforeEach(() => void useFreshMetricsRegistry());

async function startDeferringYoga(isDev: boolean): Promise<{ url: string; server: Server }> {
  const yoga = createYoga({
    schema,
    logging: false,
    // Production masking (`isDev: false`) and development masking (messages kept) alike.
    maskedErrors: { isDev },
    context: (): PinContext => ({ loaders: createLoaders() }),
    plugins: [useDeferStream(), useFieldDependency()],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

/** The payloads of an incremental (`multipart/mixed`) response, parsed. */
async function deferredPayloads(url: string, source: string): Promise<{ raw: string; payloads: Record<string, unknown>[]; header: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({ query: source }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('multipart/mixed');
  const raw = await response.text();
  const payloads = raw
    .split(/\r\n---/)
    .map((part) => part.slice(part.indexOf('{')))
    .filter((part) => part.startsWith('{'))
    .map((part) => JSON.parse(part.trim()) as Record<string, unknown>);
  return { raw, payloads, header: response.headers.get('x-degraded-fields') };
}

describe('useFieldDependency on graphql-yoga 5 with @defer', () => {
  for (const isDev of [false, true]) {
    it(`masks a critical failure inside a deferred payload as FIELD_DEPENDENCY_FAILED (${isDev ? 'development' : 'production'} masking)`, async () => {
      const { url, server } = await startDeferringYoga(isDev);
      try {
        const { raw, payloads } = await deferredPayloads(url, 'query Gallery { pin(id: "y1-noimages") { board { title } ... @defer { images } } }');

        expect(payloads[0]).toEqual({ data: { pin: { board: { title: 'Board of y1-noimages' } } }, hasNext: true });
        const deferred = payloads.slice(1);
        const errors = deferred.flatMap((payload) => ((payload.incremental ?? []) as { errors?: unknown[] }[]).flatMap((entry) => entry.errors ?? []));
        expect(errors).toEqual([
          {
            message: "Critical field dependency 'images' failed",
            locations: [{ line: 1, column: 71 }],
            path: ['pin', 'images'],
            extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
          },
        ]);
        expect(deferred.at(-1)).toMatchObject({ hasNext: false, extensions: { degradedFields: ['images'] } });
        for (const leak of [UPSTREAM_SECRET, 'owner', 'stack', '503', 'FieldDependencyError', 'Unexpected error']) expect(raw).not.toContain(leak);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }
});
