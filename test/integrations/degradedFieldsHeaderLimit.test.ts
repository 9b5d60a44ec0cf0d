/**
 * The `x-degraded-fields` header is capped (MAX_DEGRADED_FIELDS_HEADER_BYTES, then `+N more`): a
 * response with 300 degraded fields stays readable by Node's own HTTP client (fetch, i.e. undici, which
 * refuses a response head over 16 KiB with UND_ERR_HEADERS_OVERFLOW). End to end on real Express,
 * Fastify and graphql-yoga servers on 127.0.0.1; the value's format is pinned by unit cases first.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fieldDependency, fieldDependencyExpress, fieldDependencyFastify, MAX_DEGRADED_FIELDS_HEADER_BYTES, MAX_NAME_LENGTH } from 'field-dependency';
import { useFreshMetricsRegistry } from 'field-dependency/testing';
import { useFieldDependency } from 'field-dependency/graphql';
import { degradedFieldsHeaderValue } from '../../src/integrations/degradedFieldsHeaderValue.js';

/** What a client does with the header: the names (decoded) and how many were left out. */
function parseHeader(value: string): { names: string[]; more: number } {
  const entries = value.split(',').map((entry) => entry.trim());
  const last = /^\+(\d+) more$/.exec(entries.at(-1) ?? '');
  return { names: (last === null ? entries : entries.slice(0, -1)).map(decodeURIComponent), more: last === null ? 0 : Number(last[1]) };
}

describe('degradedFieldsHeaderValue', () => {
  it('lists every name when they fit, percent-encoded, comma-separated', () => {
    expect(degradedFieldsHeaderValue(['shopping', 'comments', '価格'])).toBe('shopping, comments, %E4%BE%A1%E6%A0%BC');
    expect(degradedFieldsHeaderValue([])).toBeUndefined();
  });

  it('keeps the first names that fit within the cap and counts the rest in a last `+N more` entry', () => {
    const names = Array.from({ length: 300 }, (_, index) => `field_${String(index).padStart(3, '0')}_${'x'.repeat(90)}`);

    const value = degradedFieldsHeaderValue(names) as string;

    expect(value.length).toBeLessThanOrEqual(MAX_DEGRADED_FIELDS_HEADER_BYTES);
    const { names: kept, more } = parseHeader(value);
    expect(kept).toEqual(names.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(15);
    expect(kept.length + more).toBe(300);
  });

  it('fits exactly at the cap, and one byte more spills into `+1 more`', () => {
    const filler = 'f'.repeat(MAX_DEGRADED_FIELDS_HEADER_BYTES - 'a, '.length);
    expect(degradedFieldsHeaderValue(['a', filler])).toBe(`a, ${filler}`);
    expect(degradedFieldsHeaderValue(['a', `${filler}g`])).toBe('a, +1 more');
  });

  it('never gives a name that could read as the count entry: a leading + is encoded', () => {
    expect(degradedFieldsHeaderValue(['+3 more'])).toBe('%2B3%20more');
  });

  it('fits any one valid name, percent-encoded at its widest (3-byte UTF-8 characters)', () => {
    const widest = '価'.repeat(MAX_NAME_LENGTH);
    const value = degradedFieldsHeaderValue([widest, `${widest.slice(1)}値`]) as string;
    expect(value.length).toBe(MAX_NAME_LENGTH * 9 + ', +1 more'.length);
    expect(parseHeader(value)).toEqual({ names: [widest], more: 1 });
  });
});

/** 300 non-critical dependencies that all fail: long names (100 characters), as generated code may have. */
const FIELDS = Array.from({ length: 300 }, (_, index) => `degraded_field_${String(index).padStart(3, '0')}_${'n'.repeat(81)}`);
const loaders = FIELDS.map((name) =>
  fieldDependency(Array, { owner: 'wide', name, breaker: false })(async (): Promise<string[]> => {
    throw new Error(`${name} is down`);
  }),
);
const loadAll = async (): Promise<number> => (await Promise.all(loaders.map((load) => load()))).length;

/** GETs `url` with fetch (undici) and returns the status, the header and the body's length. */
async function get(url: string, init?: RequestInit): Promise<{ status: number; header: string | null; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, header: response.headers.get('x-degraded-fields'), body: await response.text() };
}

function expectCappedHeader(header: string | null): void {
  expect(header).not.toBeNull();
  expect((header as string).length).toBeLessThanOrEqual(MAX_DEGRADED_FIELDS_HEADER_BYTES);
  const { names, more } = parseHeader(header as string);
  expect(names).toEqual(FIELDS.slice(0, names.length));
  expect(names.length + more).toBe(FIELDS.length);
}

describe('a response with 300 degraded fields is readable by fetch', () => {
  const closers: (() => Promise<void>)[] = [];
  beforeEach(() => void useFreshMetricsRegistry());
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('Express', async () => {
    const app = express();
    app.use(fieldDependencyExpress());
    app.get('/wide', async (_req, res) => void res.json({ loaded: await loadAll() }));
    const base = await listen(createServer(app));

    const response = await get(`${base}/wide`);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ loaded: 300 });
    expectCappedHeader(response.header);
  });

  it('Fastify', async () => {
    const app = Fastify();
    await app.register(fieldDependencyFastify);
    app.get('/wide', async () => ({ loaded: await loadAll() }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());

    const response = await get(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wide`);

    expect(response.status).toBe(200);
    expectCappedHeader(response.header);
  });

  it('graphql-yoga: the header is capped, extensions.degradedFields still lists all 300', async () => {
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { wide: Int! }', resolvers: { Query: { wide: loadAll } } }),
      logging: false,
      plugins: [useFieldDependency()],
    });
    const base = await listen(createServer(yoga));

    const response = await get(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Wide { wide }' }),
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ data: { wide: 300 }, extensions: { degradedFields: FIELDS } });
    expectCappedHeader(response.header);
  });
});
