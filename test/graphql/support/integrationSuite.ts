/**
 * The behaviour every GraphQL integration must have, run against a real server (Yoga, Apollo Server 4
 * and 5, Mercurius) on 127.0.0.1 over real HTTP, with real upstreams and a fresh prom-client registry.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configure } from 'field-dependency';
import { refreshDeciders, useFreshMetricsRegistry } from 'field-dependency/testing';
import { inMemoryDeciders } from '../../deciders/support.js';
import { NULL_PROPAGATION_CHANNEL, type GraphQLIntegrationOptions, type NullPropagationEvent } from 'field-dependency/graphql';
import { postGraphQL, query, type GraphQLBody } from './graphqlClient.js';
import { useUpstreams, type PinContext } from './pinSchema.js';
import { browningOut, brownoutOff } from '../../brownout/support/browningOut.js';
import { requestsInFlight, takeLatencyPercentile } from '../../../src/brownout/requestLatencies.js';
import { startPinUpstreams, UPSTREAM_SECRET, type PinUpstreams } from './pinUpstreams.js';

/** A server under test, listening on 127.0.0.1. */
export interface RunningServer {
  /** The GraphQL endpoint's URL. */
  readonly url: string;
  close(): Promise<void>;
}

/** How the server is configured beyond the integration: its production mode (error masking, no stack traces) or its default. */
export interface ServerMode {
  readonly production?: boolean;
}

/**
 * Starts the server with the integration (given `options`), batching on, the pin schema and per-request
 * loaders built by `createPinContext`; `mode.production` turns on the server's production error handling.
 */
export type StartServer = (options: GraphQLIntegrationOptions | undefined, mode?: ServerMode) => Promise<RunningServer>;

const PIN_PAGE = /* GraphQL */ `
  query PinPage($id: ID!) {
    pin(id: $id) { id board { title } shopping { price } commentCount }
  }
`;

/** What differs between servers: whether they send the header, and how a failed context is answered. */
export interface ServerExpectations {
  readonly header: boolean;
  /**
   * A critical failure while the context is built: `'masked'` when the server masks it as its own
   * internal error (Yoga), `'code'` when it is sent as FIELD_DEPENDENCY_FAILED (Apollo Server, Mercurius).
   */
  readonly contextFailure: 'masked' | 'code';
}

export function describeGraphQLIntegration(name: string, startServer: StartServer, expectations: ServerExpectations): void {
  describe(name, () => {
    let upstreams: PinUpstreams;
    let registry: Registry;
    const servers: RunningServer[] = [];

    async function serve(options?: GraphQLIntegrationOptions, mode?: ServerMode): Promise<string> {
      const server = await startServer(options, mode);
      servers.push(server);
      return server.url;
    }

    /** `field_dependency_endpoint_calls_total` as `field endpoint` → value. */
    async function endpointCalls(): Promise<Record<string, number>> {
      const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_endpoint_calls_total');
      if (metric === undefined) throw new Error('field_dependency_endpoint_calls_total is not registered');
      return Object.fromEntries(metric.values.map(({ labels, value }) => [`${String(labels.field)} ${String(labels.endpoint)}`, value]));
    }

    beforeAll(async () => {
      upstreams = await startPinUpstreams();
      useUpstreams(upstreams.base);
    });
    afterAll(async () => {
      await upstreams.close();
    });
    beforeEach(() => {
      registry = useFreshMetricsRegistry();
    });
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });

    it('answers 200 with the healthy field, empty values for a failing and a hanging upstream, and names them exactly', async () => {
      const url = await serve();

      const response = await query(url, PIN_PAGE, { id: 'p1-noshop-slowcomments' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: { pin: { id: 'p1-noshop-slowcomments', board: { title: 'Board of p1-noshop-slowcomments' }, shopping: null, commentCount: null } },
        // shopping failed at once, comments when its 1 s timeout fired: in that order.
        extensions: { degradedFields: ['shopping', 'comments'] },
      });
      expect(response.header).toBe(expectations.header ? 'shopping, comments' : null);
      expect(await endpointCalls()).toEqual({ 'board PinPage': 1, 'shopping PinPage': 1, 'comments PinPage': 1 });
    });

    it('adds neither extensions nor the header when nothing degraded', async () => {
      const url = await serve();

      const response = await query(url, PIN_PAGE, { id: 'p2' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { pin: { id: 'p2', board: { title: 'Board of p2' }, shopping: { price: 12.5 }, commentCount: 3 } } });
      expect(response.header).toBeNull();
    });

    it('keeps the header but hides extensions with exposeDegradedFields: false, and the reverse with header: false', async () => {
      const hidden = await query(await serve({ exposeDegradedFields: false }), PIN_PAGE, { id: 'p3-noshop' });
      const headerless = await query(await serve({ header: false }), PIN_PAGE, { id: 'p3-noshop' });

      expect(hidden.body.extensions).toBeUndefined();
      expect(hidden.header).toBe(expectations.header ? 'shopping' : null);
      expect(headerless.body.extensions).toEqual({ degradedFields: ['shopping'] });
      expect(headerless.header).toBeNull();
    });

    it('counts an anonymous operation as anonymous and a name outside the allowlist as __other__', async () => {
      const url = await serve({ operationNames: ['PinPage'] });

      await query(url, '{ pin(id: "p4") { board { title } } }');
      await query(url, 'query ScrapeEverything { pin(id: "p4") { board { title } } }');
      await query(url, PIN_PAGE, { id: 'p4' });

      expect(await endpointCalls()).toEqual({
        'board anonymous': 1,
        'board __other__': 1,
        'board PinPage': 1,
        'shopping PinPage': 1,
        'comments PinPage': 1,
      });
    });

    it('accepts a predicate as the allowlist', async () => {
      const url = await serve({ operationNames: (operation) => operation.startsWith('Pin') });

      await query(url, 'query PinBoard { pin(id: "p5") { board { title } } }');
      await query(url, 'query Other { pin(id: "p5") { board { title } } }');

      expect(await endpointCalls()).toEqual({ 'board PinBoard': 1, 'board __other__': 1 });
    });

    it('turns a critical failure into FIELD_DEPENDENCY_FAILED with the field only: no owner, upstream text or stack', async () => {
      const url = await serve();

      const response = await query(url, 'query Gallery { pin(id: "p6-noimages") { board { title } images } }');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: { pin: { board: { title: 'Board of p6-noimages' }, images: null } },
        errors: [
          {
            message: "Critical field dependency 'images' failed",
            locations: [{ line: 1, column: 58 }],
            path: ['pin', 'images'],
            extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
          },
        ],
        extensions: { degradedFields: ['images'] },
      });
      const text = JSON.stringify(response.body);
      for (const leak of [UPSTREAM_SECRET, 'owner', 'stack', '503', 'FieldDependencyError']) expect(text).not.toContain(leak);
    });

    for (const field of ['imagesOf', 'imagesEach']) {
      it(`masks a critical failure that reaches a list's items: ${field === 'imagesOf' ? "loadMany's returned Error" : 'a rejected load() promise'}`, async () => {
        const url = await serve();

        const response = await query(url, `query Images { ${field}(ids: ["l1-noimages"]) }`);

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          data: { [field]: [null] },
          errors: [
            {
              message: "Critical field dependency 'images' failed",
              locations: [{ line: 1, column: 16 }],
              path: [field, 0],
              extensions: { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
            },
          ],
          extensions: { degradedFields: ['images'] },
        });
        const text = JSON.stringify(response.body);
        for (const leak of [UPSTREAM_SECRET, 'owner', 'stack', '503', 'FieldDependencyError']) expect(text).not.toContain(leak);
      });
    }

    for (const production of [true, false]) {
      it(`masks a critical failure while the server builds its context: no message, owner or stack (${production ? 'production' : 'default'} mode)`, async () => {
        const url = await serve(undefined, { production });

        const response = await postGraphQL(url, { query: PIN_PAGE, variables: { id: 'c2' } }, 'x-degraded-fields', { 'x-context-pin': 'c1-noimages' });

        expect(response.status).toBe(500);
        const { errors } = response.body as GraphQLBody;
        expect(errors).toHaveLength(1);
        expect(errors?.[0]?.extensions).toMatchObject(
          expectations.contextFailure === 'masked' ? { code: 'INTERNAL_SERVER_ERROR' } : { code: 'FIELD_DEPENDENCY_FAILED', field: 'images' },
        );
        // Apollo's default mode keeps `extensions.stacktrace`: one line, no frame, no path.
        const stacktrace = errors?.[0]?.extensions?.stacktrace;
        if (stacktrace !== undefined) expect(stacktrace).toEqual(["FieldDependencyError: Critical field dependency 'images' failed"]);
        const text = JSON.stringify(response.body);
        for (const leak of [UPSTREAM_SECRET, 'owner', '503', ' at ', process.cwd(), 'ERR_FIELD_DEPENDENCY']) expect(text).not.toContain(leak);
      });
    }

    it('keeps the records of a batched request apart; the header is their union', async () => {
      const url = await serve();

      // The operations share no loader: Apollo Server and Mercurius build one context (one set of
      // DataLoaders) for a whole batch, and a DataLoader batch counts for the operation that dispatched it.
      const response = await postGraphQL(url, [
        { query: 'query Shopping($id: ID!) { pin(id: $id) { shopping { price } } }', variables: { id: 'b1-noshop' }, operationName: 'Shopping' },
        { query: 'query Boards { pins(ids: ["b2", "b3"]) { board { title } } }' },
        { query: 'query Comments { pin(id: "b4-slowcomments") { commentCount } }' },
      ]);

      expect(response.status).toBe(200);
      const [first, second, third] = response.body as GraphQLBody[];
      expect(first).toEqual({ data: { pin: { shopping: null } }, extensions: { degradedFields: ['shopping'] } });
      expect(second).toEqual({ data: { pins: [{ board: { title: 'Board of b2' } }, { board: { title: 'Board of b3' } }] } });
      expect(third).toEqual({ data: { pin: { commentCount: null } }, extensions: { degradedFields: ['comments'] } });
      expect(response.header).toBe(expectations.header ? 'shopping, comments' : null);
      expect(await endpointCalls()).toEqual({ 'shopping Shopping': 1, 'board Boards': 1, 'comments Comments': 1 });
    });

    it('a batched request: every operation whose data degraded says so, also through a DataLoader the batch shares', async () => {
      const url = await serve();
      const count = 9; // with the 10th: Yoga's default batching limit
      const shopping = Array.from({ length: count }, (_, index) => ({
        query: `query Shopping${index}($id: ID!) { pin(id: $id) { shopping { price } } }`,
        variables: { id: `s${index}-noshop` },
      }));

      // Apollo Server and Mercurius build one context for the batch: one `shopping` DataLoader batches the
      // keys of every operation, in the scope of whichever operation dispatched it.
      const response = await postGraphQL(url, [...shopping, { query: 'query Boards { pin(id: "s-ok") { board { title } } }' }]);

      expect(response.status).toBe(200);
      const bodies = response.body as GraphQLBody[];
      expect(bodies).toHaveLength(count + 1);
      bodies.slice(0, count).forEach((body, index) =>
        expect({ index, body }).toEqual({ index, body: { data: { pin: { shopping: null } }, extensions: { degradedFields: ['shopping'] } } }),
      );
      expect(bodies[count]).toEqual({ data: { pin: { board: { title: 'Board of s-ok' } } } });
      expect(response.header).toBe(expectations.header ? 'shopping' : null);
    });

    it('never mixes the records of 50 concurrent operations', async () => {
      const url = await serve();
      const count = 50;
      // Every board request waits until all 50 operations have asked: their scopes are all open at once.
      const gate = upstreams.gate('boards', count);
      const ids = Array.from({ length: count }, (_, index) => `${['ok', 'noshop', 'noimages', 'noshop-noimages'][index % 4]}-${index}`);
      const concurrentPin = 'query ConcurrentPin($id: ID!) { pin(id: $id) { board { title } shopping { price } images } }';

      const pending = ids.map((id) => query(url, concurrentPin, { id }));
      await gate.arrived;
      gate.release();
      const responses = await Promise.all(pending);

      responses.forEach((response, index) => {
        const id = ids[index] as string;
        const expected = [...(id.includes('noshop') ? ['shopping'] : []), ...(id.includes('noimages') ? ['images'] : [])];
        // Which of shopping and images fails first depends on the machine's load: compare as sets here.
        const fields = [...((response.body.extensions?.degradedFields as string[] | undefined) ?? [])].sort();
        expect({ id, status: response.status, fields, board: (response.body.data?.pin as { board?: unknown } | null)?.board }).toEqual({
          id,
          status: 200,
          fields: expected.sort(),
          board: { title: `Board of ${id}` },
        });
        if (expectations.header) expect(response.header?.split(', ').sort() ?? []).toEqual(expected);
      });
      expect((await endpointCalls())['board ConcurrentPin']).toBe(count);
    });

    it('detects a degraded field whose null reached a non-null position, once per schema field', async () => {
      const url = await serve();
      const events: NullPropagationEvent[] = [];
      const warnings: Error[] = [];
      const onEvent = (message: unknown): void => void events.push(message as NullPropagationEvent);
      const onWarning = (warning: Error): void => {
        if (warning.name === 'FieldDependencyNullPropagation') warnings.push(warning);
      };
      diagnosticsChannel.subscribe(NULL_PROPAGATION_CHANNEL, onEvent);
      process.on('warning', onWarning);
      try {
        const first = await query(url, 'query Stock { pin(id: "s1-nostock") { id stock } }');
        const second = await query(url, 'query Stock { pin(id: "s2-nostock") { id stock } }');
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick

        // The trap itself: one degraded field nulled the whole pin.
        expect(first.body.data).toEqual({ pin: null });
        expect(first.body.extensions).toEqual({ degradedFields: ['stock'] });
        expect(second.body.data).toEqual({ pin: null });
        expect(events).toEqual([
          { schemaField: 'Pin.stock', path: ['pin', 'stock'], endpoint: 'Stock', degradedFields: ['stock'] },
          { schemaField: 'Pin.stock', path: ['pin', 'stock'], endpoint: 'Stock', degradedFields: ['stock'] },
        ]);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.message).toContain('non-null field Pin.stock');
      } finally {
        diagnosticsChannel.unsubscribe(NULL_PROPAGATION_CHANNEL, onEvent);
        process.off('warning', onWarning);
      }
    });

    it('leaves a malformed query and an unknown operation name to the server: its own 4xx', async () => {
      const url = await serve();
      const boardRequests = upstreams.hits.boards ?? 0;

      const malformed = await postGraphQL(url, { query: '{ pin(id: "m1") { board { title }' });
      const unknown = await postGraphQL(url, { query: PIN_PAGE, variables: { id: 'm2' }, operationName: 'NoSuchOperation' });
      const notJson = await postGraphQL(url, '{"query": ');

      for (const response of [malformed, unknown, notJson]) {
        expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
        expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        expect(JSON.stringify(response.body)).not.toContain('degradedFields');
      }
      expect(upstreams.hits.boards ?? 0).toBe(boardRequests);
    });

    it('gates by deciders with the targeting key read from the context: one session, one answer', async () => {
      const deciders = await inMemoryDeciders({ 'field-dependency.shopping.shopping': 50 });
      configure({ deciders: deciders.client });
      try {
        await refreshDeciders();
        const url = await serve({ targetingKey: (context) => (context as { session?: string }).session });
        const answers = new Map<string, Set<boolean>>();
        for (let session = 0; session < 20; session++) {
          for (let repeat = 0; repeat < 3; repeat++) {
            const { status, body } = await postGraphQL(url, { query: PIN_PAGE, variables: { id: 'p2' } }, 'x-degraded-fields', { 'x-session': `session-${session}` });
            expect(status).toBe(200);
            const degraded = ((body as GraphQLBody).extensions?.degradedFields as string[] | undefined) ?? [];
            expect(degraded.filter((field) => field !== 'shopping')).toEqual([]);
            const seen = answers.get(`session-${session}`) ?? new Set<boolean>();
            seen.add(degraded.includes('shopping'));
            answers.set(`session-${session}`, seen);
          }
        }
        // every session got one answer three times; at 50%, some sessions go without shopping and some with it
        expect([...answers.values()].map((seen) => seen.size)).toEqual(Array.from({ length: 20 }, () => 1));
        expect(new Set([...answers.values()].map((seen) => [...seen][0]))).toEqual(new Set([true, false]));
      } finally {
        configure({ deciders: false });
      }
      await expect(startServer({ targetingKey: 'x-session' as unknown as () => string })).rejects.toThrow(/option `targetingKey` must be a function/);
    });

    it('under brownout, sheds the optional fields of a low-priority operation (priority read from the context), never a critical one', async () => {
      const url = await serve({ priority: (context) => ((context as PinContext).purpose === 'prefetch' ? 'low' : undefined) });
      const page = /* GraphQL */ `
        query PinPage($id: ID!) {
          pin(id: $id) { id board { title } shopping { price } images }
        }
      `;
      const ask = async (purpose?: string) => {
        const { status, header, body } = await postGraphQL(url, { query: page, variables: { id: 'p3' } }, 'x-degraded-fields', purpose === undefined ? {} : { 'x-purpose': purpose });
        expect(status).toBe(200);
        const { data, extensions } = body as GraphQLBody;
        return { pin: data?.pin as Record<string, unknown>, degraded: [...((extensions?.degradedFields as string[] | undefined) ?? [])].sort(), header };
      };
      // Level 2: (tier 3, low) and (tier 2, low) are shed; the pin schema's optional fields are tier 2.
      browningOut(2);
      try {
        const prefetch = await ask('prefetch');
        expect(prefetch.degraded).toEqual(['board', 'shopping']);
        expect(prefetch.pin).toMatchObject({ id: 'p3', board: null, shopping: null, images: expect.any(Array) });
        if (expectations.header) expect(prefetch.header?.split(', ').sort()).toEqual(['board', 'shopping']);
        const user = await ask();
        expect(user.degraded).toEqual([]);
        expect(user.pin).toMatchObject({ id: 'p3', board: { title: 'Board of p3' }, shopping: { price: expect.any(Number) } });
        const shed = (await registry.getMetricsAsJSON()).find((entry) => entry.name === 'field_dependency_calls_total')?.values.filter(({ labels }) => labels.outcome === 'shed' && ['board', 'shopping'].includes(String(labels.field)));
        expect(shed?.map(({ value }) => value)).toEqual([1, 1]);
        // Both operations' latencies were recorded for the controller, and no record stays in flight (a
        // framework's own, ended once the response is sent, may lag the answer by a moment).
        for (let attempt = 0; attempt < 200 && requestsInFlight() > 0; attempt++) await sleep(10);
        expect(requestsInFlight()).toBe(0);
        expect(takeLatencyPercentile(100)).toBeGreaterThan(0);
      } finally {
        brownoutOff();
      }
      await expect(startServer({ priority: 'low' as unknown as () => 'low' })).rejects.toThrow(/option `priority` must be a function \(context\) => 'high' \| 'normal' \| 'low' \| undefined; received "low"/);
    });

    it('rejects bad options with a TypeError naming the option', async () => {
      await expect(startServer({ operationNames: 'PinPage' as unknown as string[] })).rejects.toThrow(/option `operationNames` must be an array/);
      await expect(startServer({ header: 'not a header' })).rejects.toThrow(/option `header` must be a valid header name/);
      await expect(startServer({ exposeDegradedFields: 'yes' as unknown as boolean })).rejects.toThrow(/option `exposeDegradedFields` must be a boolean; received/);
    });
  });
}
